using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Round-robin selection (docs/gorouter-compatibility.md §4.1, §4.5, §5.2 failure marks).</summary>
public sealed class RoundRobinSelectionTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Select_ThreeEndpoints300Requests_ExactlyEvenSpread()
    {
        var pool = Pool(3);

        var counts = CountSelections(pool, 300, maxConns: 0);

        Assert.All(counts.Values, count => Assert.Equal(100, count));
        Assert.Equal(3, counts.Count);
    }

    [Fact]
    public void Select_ReturnsAcquiredEndpoint()
    {
        var pool = Pool(1);
        var state = default(EndpointSelection);

        var endpoint = pool.Select(ref state, maxConns: 0);

        Assert.NotNull(endpoint);
        Assert.Equal(1, endpoint.InFlight);
        Assert.Equal(1, state.Attempts);
        endpoint.Release();
        Assert.Equal(0, endpoint.InFlight);
    }

    [Fact]
    public void Select_MarkedEndpoint_SkippedUntilMarkExpires()
    {
        var pool = Pool(3);
        var failed = pool.Endpoints[1];
        pool.EndpointFailed(failed);

        var counts = CountSelections(pool, 300, maxConns: 0);

        Assert.False(counts.ContainsKey(failed));
        Assert.Equal(300, counts.Values.Sum());

        // Marks last droplet_stale_threshold / 4 = 30 s and are then cleared during the scan.
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(100, CountSelections(pool, 300, maxConns: 0)[failed]);
    }

    [Fact]
    public void Select_MarkNotYetExpired_StillSkipped()
    {
        var pool = Pool(2);
        var failed = pool.Endpoints[0];
        pool.EndpointFailed(failed);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(CountSelections(pool, 10, maxConns: 0).ContainsKey(failed));
    }

    [Fact]
    public void Select_AllMarked_ClearsMarksAndPicks()
    {
        var pool = Pool(3);
        foreach (var endpoint in pool.Endpoints)
        {
            pool.EndpointFailed(endpoint);
        }

        var state = default(EndpointSelection);
        Assert.NotNull(pool.Select(ref state, maxConns: 0));

        foreach (var endpoint in pool.Endpoints)
        {
            Assert.False(endpoint.IsMarkedFailed);
        }

        Assert.Equal(3, CountSelections(pool, 30, maxConns: 0).Count);
    }

    [Fact]
    public void Select_SaturatedEndpoint_Skipped()
    {
        var pool = Pool(3);
        var busy = pool.Endpoints[2];
        Assert.True(busy.TryAcquire(1));

        var counts = CountSelections(pool, 100, maxConns: 1);

        Assert.False(counts.ContainsKey(busy));
        Assert.Equal(100, counts.Values.Sum());
    }

    [Fact]
    public void Select_AllAtLimit_ReturnsNullAndTakesNothing()
    {
        var pool = Pool(2);
        foreach (var endpoint in pool.Endpoints)
        {
            Assert.True(endpoint.TryAcquire(2));
            Assert.True(endpoint.TryAcquire(2));
        }

        var state = default(EndpointSelection);

        Assert.Null(pool.Select(ref state, maxConns: 2));
        Assert.All(pool.Endpoints.ToArray(), endpoint => Assert.Equal(2, endpoint.InFlight));
        Assert.Equal(0, state.Attempts);
    }

    [Fact]
    public void Select_OnlyUnsaturatedEndpointMarked_ClearsMarkAndPicksIt()
    {
        var pool = Pool(2);
        pool.EndpointFailed(pool.Endpoints[0]);
        Assert.True(pool.Endpoints[1].TryAcquire(1));

        var state = default(EndpointSelection);
        var chosen = pool.Select(ref state, maxConns: 1);

        Assert.Same(pool.Endpoints[0], chosen);
    }

    [Fact]
    public void Select_RetriesInOneRequest_VisitEachEndpointOnce()
    {
        var pool = Pool(4);
        var state = default(EndpointSelection);
        var seen = new HashSet<Endpoint>();

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var endpoint = pool.Select(ref state, maxConns: 0);
            Assert.NotNull(endpoint);
            Assert.True(seen.Add(endpoint));
            pool.EndpointFailed(endpoint);
            endpoint.Release();
        }

        Assert.Equal(4, state.Attempts);
        Assert.NotNull(pool.Select(ref state, maxConns: 0));
    }

    [Fact]
    public void Select_Retry_ContinuesAfterPreviousPick()
    {
        var pool = Pool(3);
        var state = default(EndpointSelection);
        var first = pool.Select(ref state, maxConns: 0)!;
        var firstIndex = IndexOf(pool, first);

        var second = pool.Select(ref state, maxConns: 0)!;

        Assert.Equal((firstIndex + 1) % 3, IndexOf(pool, second));
    }

    [Fact]
    public void Select_RetryWhenOthersMarked_PrefersUntriedEndpoint()
    {
        var pool = Pool(2);
        var state = default(EndpointSelection);
        var first = pool.Select(ref state, maxConns: 0)!;
        first.Release();
        var other = pool.Endpoints[IndexOf(pool, first) == 0 ? 1 : 0];
        pool.EndpointFailed(other);

        var retry = pool.Select(ref state, maxConns: 0);

        Assert.Same(other, retry);
    }

    [Fact]
    public void Select_AfterMarkTriedStickyEndpoint_PicksAnother()
    {
        var pool = Pool(2);
        var sticky = pool.FindByInstanceId(pool.Endpoints[1].PrivateInstanceId)!;

        for (var i = 0; i < 10; i++)
        {
            var state = default(EndpointSelection);
            state.MarkTried(sticky);

            var chosen = pool.Select(ref state, maxConns: 0);

            Assert.Same(pool.Endpoints[0], chosen);
            Assert.Equal(2, state.Attempts);
            chosen!.Release();
        }
    }

    [Fact]
    public void Select_EmptyPool_ReturnsNull()
    {
        var table = Table(_time);
        var tls = Message("10.0.0.1", 0, "app.test");
        tls.TlsPort = 8443;
        table.Register(tls);
        var pool = table.LookupOrThrow("app.test");
        table.RemoveFailedEndpoint(pool, pool.Endpoints[0]);
        var state = default(EndpointSelection);

        Assert.Null(pool.Select(ref state, maxConns: 0));
    }

    [Fact]
    public void EndpointFailed_OneRoute_OtherRouteOfSameMessageUnaffected()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "a.test", "b.test"));
        table.Register(Message("10.0.0.2", 8080, "a.test", "b.test"));
        var a = table.LookupOrThrow("a.test");
        var b = table.LookupOrThrow("b.test");

        a.EndpointFailed(a.Endpoints[0]);

        Assert.Equal(2, CountSelections(b, 10, maxConns: 0).Count);
        Assert.Single(CountSelections(a, 10, maxConns: 0));
    }

    private EndpointPool Pool(int endpoints)
    {
        var table = Table(_time);
        for (var i = 1; i <= endpoints; i++)
        {
            table.Register(Message("10.0.0." + i, 8080, "app.test"));
        }

        return table.LookupOrThrow("app.test");
    }

    private static int IndexOf(EndpointPool pool, Endpoint endpoint) => Array.IndexOf(pool.EndpointsSnapshot.ToArray(), endpoint);

    private static Dictionary<Endpoint, int> CountSelections(EndpointPool pool, int requests, int maxConns)
    {
        var counts = new Dictionary<Endpoint, int>();
        for (var i = 0; i < requests; i++)
        {
            var state = default(EndpointSelection);
            var endpoint = pool.Select(ref state, maxConns);
            Assert.NotNull(endpoint);
            counts[endpoint] = counts.GetValueOrDefault(endpoint) + 1;
            endpoint.Release();
        }

        return counts;
    }
}
