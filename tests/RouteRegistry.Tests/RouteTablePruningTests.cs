using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Time-to-live pruning and failure pruning (docs/gorouter-compatibility.md §3, Appendix D "Pruning").</summary>
public sealed class RouteTablePruningTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Prune_DefaultThreshold_RemovesOnlyAfterThreshold()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        _time.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(0, table.PruneStaleEndpoints().PrunedEndpoints);
        Assert.NotNull(table.Lookup("app.test", "/"));

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = table.PruneStaleEndpoints();

        Assert.Equal(new PruneResult(1, 1, false), result);
        Assert.Null(table.Lookup("app.test", "/"));
        Assert.Equal(0, table.RouteCount);
        Assert.Equal(0, table.EndpointCount);
        Assert.Equal(1, table.PrunedEndpointsTotal);
    }

    [Fact]
    public void Prune_ShorterRegisteredThreshold_UsesIt()
    {
        var table = Table(_time, new RouteTableOptions { DropletStaleThreshold = TimeSpan.FromSeconds(10) });
        var message = Message("10.0.0.1", 8080, "app.test");
        message.StaleThresholdInSeconds = 4;
        table.Register(message);

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, table.PruneStaleEndpoints().PrunedEndpoints);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, table.PruneStaleEndpoints().PrunedEndpoints);
    }

    [Fact]
    public void Prune_LongerRegisteredThreshold_CappedByTableThreshold()
    {
        var table = Table(_time, new RouteTableOptions { DropletStaleThreshold = TimeSpan.FromSeconds(10) });
        var message = Message("10.0.0.1", 8080, "app.test");
        message.StaleThresholdInSeconds = 60;
        table.Register(message);

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(1, table.PruneStaleEndpoints().PrunedEndpoints);
    }

    [Fact]
    public void Prune_NegativeRegisteredThreshold_PrunedAtNextCycle()
    {
        var table = Table(_time);
        var message = Message("10.0.0.1", 8080, "app.test");
        message.StaleThresholdInSeconds = -1;
        table.Register(message);

        Assert.Equal(1, table.PruneStaleEndpoints().PrunedEndpoints);
    }

    [Fact]
    public void Prune_TlsEndpoint_NeverRemovedByAge()
    {
        var table = Table(_time);
        var tls = Message("10.0.0.1", 0, "app.test");
        tls.TlsPort = 8443;
        table.Register(tls);

        _time.Advance(TimeSpan.FromHours(5));

        Assert.Equal(0, table.PruneStaleEndpoints().PrunedEndpoints);
        Assert.Equal(1, table.LookupOrThrow("app.test").Count);
    }

    [Fact]
    public void Prune_HeartbeatsKeepEndpointAlive_StaleSiblingRemoved()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(Message("10.0.0.2", 8080, "app.test"));
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            table.Register(Message("10.0.0.2", 8080, "app.test"));
            table.PruneStaleEndpoints();
        }

        var remaining = Assert.Single(table.LookupOrThrow("app.test").Endpoints.ToArray());
        Assert.Equal("10.0.0.2:8080", remaining.Address);
        Assert.Equal(1, table.RouteCount);
    }

    [Fact]
    public void RefreshAllEndpoints_AfterLongPause_NothingPruned()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "app.test", "app.test/api"));
        _time.Advance(TimeSpan.FromSeconds(500));

        table.RefreshAllEndpoints();
        _time.Advance(TimeSpan.FromSeconds(100));

        Assert.Equal(0, table.PruneStaleEndpoints().PrunedEndpoints);
        Assert.Equal(2, table.EndpointCount);
    }

    [Fact]
    public void RemoveFailedEndpoint_TlsEndpoint_RemovedRouteKeptUntilPrune()
    {
        var table = Table(_time);
        var tls = Message("10.0.0.1", 0, "app.test");
        tls.TlsPort = 8443;
        table.Register(tls);
        var pool = table.LookupOrThrow("app.test");

        Assert.True(table.RemoveFailedEndpoint(pool, pool.Endpoints[0]));

        Assert.Same(pool, table.Lookup("app.test", "/"));
        Assert.True(pool.IsEmpty);
        Assert.Equal(0, table.EndpointCount);

        var result = table.PruneStaleEndpoints();

        Assert.Equal(new PruneResult(0, 1, false), result);
        Assert.Null(table.Lookup("app.test", "/"));
    }

    [Fact]
    public void RemoveFailedEndpoint_PlainEndpoint_NotRemoved()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var pool = table.LookupOrThrow("app.test");

        Assert.False(table.RemoveFailedEndpoint(pool, pool.Endpoints[0]));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void RemoveFailedEndpoint_OtherRoutesOfSameMessage_Unaffected()
    {
        var table = Table(_time);
        var tls = Message("10.0.0.1", 0, "app.test", "app.test/api");
        tls.TlsPort = 8443;
        table.Register(tls);
        var api = table.LookupOrThrow("app.test", "/api");

        table.RemoveFailedEndpoint(api, api.Endpoints[0]);

        Assert.Equal(1, table.LookupOrThrow("app.test").Count);
        Assert.Equal("app.test", table.LookupKey("app.test", "/api"));
    }

    [Fact]
    public void Prune_EmptyRouteWithLingering_KeptUntilTimeoutSinceLastChange()
    {
        var table = Table(_time, new RouteTableOptions { EmptyPoolResponseCode503 = true, EmptyPoolTimeout = TimeSpan.FromSeconds(60) });
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        _time.Advance(TimeSpan.FromSeconds(121));

        var first = table.PruneStaleEndpoints();

        Assert.Equal(new PruneResult(1, 0, false), first);
        Assert.True(table.LookupOrThrow("app.test").IsEmpty);

        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, table.PruneStaleEndpoints().RemovedRoutes);
        Assert.Null(table.Lookup("app.test", "/"));
    }
}
