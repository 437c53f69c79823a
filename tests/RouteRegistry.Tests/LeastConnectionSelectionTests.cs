using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Least-connection selection and the pool's lookup helpers (docs/gorouter-compatibility.md §4.2, §4.5, §7.1, §7.2).</summary>
public sealed class LeastConnectionSelectionTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Select_TwoBusyOneIdle_PicksIdle()
    {
        var pool = Pool(3);
        var idle = pool.Endpoints[1];
        pool.Endpoints[0].TryAcquire(0);
        pool.Endpoints[2].TryAcquire(0);
        pool.Endpoints[2].TryAcquire(0);

        for (var i = 0; i < 20; i++)
        {
            var state = default(EndpointSelection);
            var chosen = pool.Select(ref state, maxConns: 0);
            Assert.Same(idle, chosen);
            chosen!.Release();
        }
    }

    [Fact]
    public void Select_LoadsDiffer_PicksLowestInFlight()
    {
        var pool = Pool(3);
        Acquire(pool.Endpoints[0], 5);
        Acquire(pool.Endpoints[1], 2);
        Acquire(pool.Endpoints[2], 4);
        var state = default(EndpointSelection);

        Assert.Same(pool.Endpoints[1], pool.Select(ref state, maxConns: 0));
    }

    [Fact]
    public void Select_AllIdle_TiesSpreadAcrossEndpoints()
    {
        var pool = Pool(3);
        var counts = new Dictionary<Endpoint, int>();

        for (var i = 0; i < 600; i++)
        {
            var state = default(EndpointSelection);
            var chosen = pool.Select(ref state, maxConns: 0)!;
            counts[chosen] = counts.GetValueOrDefault(chosen) + 1;
            chosen.Release();
        }

        // Uniform ties give about 200 each; 100 is far outside random variation.
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 100, 300));
    }

    [Fact]
    public void Select_FailureMarks_Ignored()
    {
        var pool = Pool(2);
        var marked = pool.Endpoints[0];
        pool.EndpointFailed(marked);
        Acquire(pool.Endpoints[1], 1);
        var state = default(EndpointSelection);

        Assert.Same(marked, pool.Select(ref state, maxConns: 0));
    }

    [Fact]
    public void Select_LeastLoadedAtLimit_SkipsIt()
    {
        var pool = Pool(2);
        Acquire(pool.Endpoints[0], 3);
        Acquire(pool.Endpoints[1], 4);
        var state = default(EndpointSelection);

        Assert.Same(pool.Endpoints[0], pool.Select(ref state, maxConns: 4));
        Assert.Null(pool.Select(ref state, maxConns: 4));
    }

    [Fact]
    public void Select_Retry_PrefersUntriedEvenIfBusier()
    {
        var pool = Pool(2);
        Acquire(pool.Endpoints[1], 3);
        var state = default(EndpointSelection);
        var first = pool.Select(ref state, maxConns: 0)!;
        first.Release();

        var second = pool.Select(ref state, maxConns: 0);

        Assert.Same(pool.Endpoints[0], first);
        Assert.Same(pool.Endpoints[1], second);
    }

    [Fact]
    public void AllAtLimit_Cases_FollowDefinition()
    {
        var pool = Pool(2);
        Assert.False(pool.AllAtLimit(0));
        Assert.False(pool.AllAtLimit(1));

        Acquire(pool.Endpoints[0], 1);
        Assert.False(pool.AllAtLimit(1));

        Acquire(pool.Endpoints[1], 1);
        Assert.True(pool.AllAtLimit(1));
        Assert.False(pool.AllAtLimit(2));
        Assert.False(pool.AllAtLimit(0));
    }

    [Fact]
    public void TryAcquire_AtLimit_FailsWithoutIncrement()
    {
        var endpoint = Pool(1).Endpoints[0];

        Assert.True(endpoint.TryAcquire(1));
        Assert.False(endpoint.TryAcquire(1));
        Assert.True(endpoint.IsAtLimit(1));
        Assert.Equal(1, endpoint.InFlight);
        Assert.True(endpoint.TryAcquire(0));
        Assert.Equal(2, endpoint.InFlight);
    }

    [Fact]
    public void FindByInstanceId_IdOrAddress_Found()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var anonymous = Message("10.0.0.2", 8080, "app.test");
        anonymous.PrivateInstanceId = "";
        table.Register(anonymous);
        var pool = table.LookupOrThrow("app.test");

        Assert.Same(pool.Endpoints[0], pool.FindByInstanceId("instance-10.0.0.1-8080"));
        Assert.Same(pool.Endpoints[1], pool.FindByInstanceId("10.0.0.2:8080"));
        Assert.Null(pool.FindByInstanceId("10.0.0.1:8080"));
        Assert.Null(pool.FindByInstanceId(""));
    }

    [Fact]
    public void FindByAppInstance_GuidAndIndex_Found()
    {
        var table = Table(_time);
        var second = Message("10.0.0.2", 8080, "app.test");
        second.PrivateInstanceIndex = "1";
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(second);
        var pool = table.LookupOrThrow("app.test");

        Assert.Same(pool.Endpoints[1], pool.FindByAppInstance("11111111-2222-3333-4444-555555555555", "1"));
        Assert.Null(pool.FindByAppInstance("11111111-2222-3333-4444-555555555555", "2"));
        Assert.Null(pool.FindByAppInstance("00000000-2222-3333-4444-555555555555", "0"));
    }

    private static void Acquire(Endpoint endpoint, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True(endpoint.TryAcquire(0));
        }
    }

    private EndpointPool Pool(int endpoints)
    {
        var table = Table(_time, new RouteTableOptions { DefaultLoadBalancing = LoadBalancingAlgorithm.LeastConnection });
        for (var i = 1; i <= endpoints; i++)
        {
            table.Register(Message("10.0.0." + i, 8080, "app.test"));
        }

        return table.LookupOrThrow("app.test");
    }
}
