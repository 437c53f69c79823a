using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>The <c>locally-optimistic</c> zone preference of round-robin and least-connection (docs/gorouter-compatibility.md §4.4).</summary>
public sealed class AvailabilityZoneSelectionTests
{
    private const string LocalZone = "z1";
    private readonly ManualTimeProvider _time = new();

    [Theory]
    [InlineData(LoadBalancingAlgorithm.RoundRobin)]
    [InlineData(LoadBalancingAlgorithm.LeastConnection)]
    public void Select_FirstAttempt_PicksOnlyLocalEndpoints(LoadBalancingAlgorithm algorithm)
    {
        var pool = Pool(algorithm, LocalZone, "z2", LocalZone, "z3", "");
        var counts = new Dictionary<Endpoint, int>();

        for (var i = 0; i < 100; i++)
        {
            var state = default(EndpointSelection);
            var chosen = pool.Select(ref state, maxConns: 0)!;
            counts[chosen] = counts.GetValueOrDefault(chosen) + 1;
            chosen.Release();
        }

        Assert.All(counts.Keys, e => Assert.Equal(LocalZone, e.AvailabilityZone));
        Assert.Equal(2, counts.Count);
    }

    [Theory]
    [InlineData(LoadBalancingAlgorithm.RoundRobin)]
    [InlineData(LoadBalancingAlgorithm.LeastConnection)]
    public void Select_Retry_UsesEveryZone(LoadBalancingAlgorithm algorithm)
    {
        var pool = Pool(algorithm, LocalZone, "z2", "z3");
        var retried = new HashSet<string>();

        for (var i = 0; i < 60; i++)
        {
            var state = default(EndpointSelection);
            var first = pool.Select(ref state, maxConns: 0)!;
            var second = pool.Select(ref state, maxConns: 0)!;
            Assert.Equal(LocalZone, first.AvailabilityZone);
            retried.Add(second.AvailabilityZone);
            first.Release();
            second.Release();
        }

        // A retry restricted to the zone would take the only local endpoint again.
        Assert.NotEmpty(retried);
        Assert.DoesNotContain(LocalZone, retried);
    }

    [Theory]
    [InlineData(LoadBalancingAlgorithm.RoundRobin)]
    [InlineData(LoadBalancingAlgorithm.LeastConnection)]
    public void Select_LocalAtConnectionLimit_FallsBackToOtherZone(LoadBalancingAlgorithm algorithm)
    {
        var pool = Pool(algorithm, LocalZone, "z2");
        var local = pool.Endpoints[0];
        Assert.True(local.TryAcquire(1));

        var state = default(EndpointSelection);
        var chosen = pool.Select(ref state, maxConns: 1);

        Assert.NotNull(chosen);
        Assert.Equal("z2", chosen.AvailabilityZone);
    }

    [Fact]
    public void Select_LeastConnection_PrefersBusierLocalOverIdleRemote()
    {
        var pool = Pool(LoadBalancingAlgorithm.LeastConnection, "z2", LocalZone, LocalZone);
        Assert.True(pool.Endpoints[1].TryAcquire(0));
        Assert.True(pool.Endpoints[1].TryAcquire(0));
        Assert.True(pool.Endpoints[2].TryAcquire(0));

        var state = default(EndpointSelection);

        Assert.Same(pool.Endpoints[2], pool.Select(ref state, maxConns: 0));
    }

    [Fact]
    public void Select_RoundRobinLocalMarkedFailed_ClearsMarksAndUsesAnyZone()
    {
        // Gorouter's round-robin ends a lap without a usable local endpoint by clearing every mark of the route.
        var pool = Pool(LoadBalancingAlgorithm.RoundRobin, LocalZone, "z2");
        var local = pool.Endpoints[0];
        var remote = pool.Endpoints[1];
        pool.EndpointFailed(local);
        pool.EndpointFailed(remote);

        var state = default(EndpointSelection);
        var chosen = pool.Select(ref state, maxConns: 0);

        Assert.NotNull(chosen);
        Assert.False(local.IsMarkedFailed);
        Assert.False(remote.IsMarkedFailed);
    }

    [Fact]
    public void Select_NoPreference_UsesEveryZone()
    {
        var table = Table(_time);
        Register(table, LocalZone, "z2", "z3");
        var pool = table.LookupOrThrow("app.test");
        var zones = new HashSet<string>();

        for (var i = 0; i < 30; i++)
        {
            var state = default(EndpointSelection);
            var chosen = pool.Select(ref state, maxConns: 0)!;
            zones.Add(chosen.AvailabilityZone);
            chosen.Release();
        }

        Assert.Equal(3, zones.Count);
    }

    private EndpointPool Pool(LoadBalancingAlgorithm algorithm, params string[] zones)
    {
        var table = Table(_time, new RouteTableOptions { DefaultLoadBalancing = algorithm, LocalAvailabilityZone = LocalZone });
        Register(table, zones);
        return table.LookupOrThrow("app.test");
    }

    private static void Register(RouteTable table, params string[] zones)
    {
        for (var i = 0; i < zones.Length; i++)
        {
            var message = Message("10.0.0." + (i + 1), 8080, "app.test");
            message.AvailabilityZone = zones[i];
            table.Register(message);
        }
    }
}
