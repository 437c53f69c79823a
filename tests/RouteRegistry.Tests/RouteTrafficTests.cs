namespace RouteRegistry.Tests;

public class RouteTrafficTests
{
    [Fact]
    public void RecordResponse_TwoAnswersOneServerError_CountsBothAndTheError()
    {
        var table = TestRoutes.Table();
        table.Register(TestRoutes.Message("10.0.0.1", 8080, "traffic.test"));
        var pool = table.LookupOrThrow("traffic.test");

        pool.RecordResponse(200, 100);
        pool.RecordResponse(503, 300);

        Assert.Equal(new RouteTraffic(2, 1, 400), pool.Traffic);
    }

    [Fact]
    public void TakeTrafficSample_CalledTwice_SecondHasOnlyTrafficInBetween()
    {
        var table = TestRoutes.Table();
        table.Register(TestRoutes.Message("10.0.0.1", 8080, "traffic.test"));
        var pool = table.LookupOrThrow("traffic.test");
        pool.RecordResponse(200, 10);
        pool.RecordResponse(200, 10);

        var first = pool.TakeTrafficSample();
        pool.RecordResponse(500, 5);
        var second = pool.TakeTrafficSample();

        Assert.Equal(new RouteTraffic(2, 0, 20), first);
        Assert.Equal(new RouteTraffic(1, 1, 5), second);
        Assert.Equal(new RouteTraffic(3, 1, 25), pool.Traffic);
    }

    [Fact]
    public void RoutesVersion_NewRouteAndRemovedRoute_MovesEachTime_RefreshDoesNot()
    {
        var table = TestRoutes.Table();
        var message = TestRoutes.Message("10.0.0.1", 8080, "version.test");
        var start = table.RoutesVersion;

        table.Register(message);
        var afterAdd = table.RoutesVersion;
        table.Register(message);
        var afterRefresh = table.RoutesVersion;
        table.Unregister(message);

        Assert.NotEqual(start, afterAdd);
        Assert.Equal(afterAdd, afterRefresh);
        Assert.NotEqual(afterRefresh, table.RoutesVersion);
    }

    [Fact]
    public void RegisterMessages_EachMessage_CountedOnce()
    {
        var table = TestRoutes.Table();

        table.Register(TestRoutes.Message("10.0.0.1", 8080, "a.test", "b.test"));
        table.Register(TestRoutes.Message("10.0.0.1", 8080, "a.test", "b.test"));

        Assert.Equal(2, table.RegisterMessages);
    }

    [Fact]
    public void RecordFailure_Twice_EndpointCountsTwo()
    {
        var table = TestRoutes.Table();
        table.Register(TestRoutes.Message("10.0.0.1", 8080, "failures.test"));
        var endpoint = table.LookupOrThrow("failures.test").Endpoints[0];

        endpoint.RecordFailure();
        endpoint.RecordFailure();

        Assert.Equal(2, endpoint.Failures);
    }

    [Fact]
    public void Pools_RoutesUnderSeveralHostsAndPaths_EveryRouteOnce()
    {
        var table = TestRoutes.Table();
        table.Register(TestRoutes.Message("10.0.0.1", 8080, "a.test", "a.test/x/y", "*.b.test", "c.test/z"));

        var keys = table.Pools().Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(["*.b.test", "a.test", "a.test/x/y", "c.test/z"], keys);
    }
}
