using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Per-route settings taken from registrations, and the <c>/routes</c> snapshot (docs/gorouter-compatibility.md §2.4, §2.7, §4.3).</summary>
public sealed class RouteTableRouteSettingsTests
{
    [Fact]
    public void Register_RouteServiceUrl_LastRegistrationForRouteWins()
    {
        var table = Table();
        var withService = Message("10.0.0.1", 8080, "app.test");
        withService.RouteServiceUrl = "https://rs.test";
        table.Register(withService);
        Assert.Equal("https://rs.test", table.LookupOrThrow("app.test").RouteServiceUrl);

        table.Register(Message("10.0.0.2", 8080, "app.test"));

        Assert.Equal("", table.LookupOrThrow("app.test").RouteServiceUrl);
    }

    [Fact]
    public void Register_LoadBalancingOption_ValidSetsEmptyKeepsInvalidIgnored()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var pool = table.LookupOrThrow("app.test");
        Assert.Equal(LoadBalancingAlgorithm.RoundRobin, pool.Algorithm);

        var leastConnection = Message("10.0.0.2", 8080, "app.test");
        leastConnection.Options.LoadBalancing = "least-connection";
        table.Register(leastConnection);
        Assert.Equal(LoadBalancingAlgorithm.LeastConnection, pool.Algorithm);

        table.Register(Message("10.0.0.3", 8080, "app.test"));
        Assert.Equal(LoadBalancingAlgorithm.LeastConnection, pool.Algorithm);

        var invalid = Message("10.0.0.4", 8080, "app.test");
        invalid.Options.LoadBalancing = "least-connections";
        table.Register(invalid);
        Assert.Equal(LoadBalancingAlgorithm.LeastConnection, pool.Algorithm);
        Assert.Equal("least-connections", pool.Endpoints[3].LoadBalancingOption);

        var roundRobin = Message("10.0.0.5", 8080, "app.test");
        roundRobin.Options.LoadBalancing = "round-robin";
        table.Register(roundRobin);
        Assert.Equal(LoadBalancingAlgorithm.RoundRobin, pool.Algorithm);
    }

    [Fact]
    public void Register_TableDefaultLeastConnection_NewRoutesUseIt()
    {
        var table = Table(options: new RouteTableOptions { DefaultLoadBalancing = LoadBalancingAlgorithm.LeastConnection });
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        Assert.Equal(LoadBalancingAlgorithm.LeastConnection, table.LookupOrThrow("app.test").Algorithm);
    }

    [Fact]
    public void Snapshot_SeveralRoutes_SortedByKeyWithEndpoints()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "b.test", "a.test/api", "*.wild.test"));
        table.Register(Message("10.0.0.2", 8080, "b.test"));

        var snapshot = table.Snapshot();

        Assert.Equal(["*.wild.test", "a.test/api", "b.test"], snapshot.Select(route => route.Key));
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], snapshot[2].Endpoints.ToArray().Select(e => e.Address));
        Assert.Same(table.Lookup("b.test", "/"), snapshot[2].Pool);
    }
}
