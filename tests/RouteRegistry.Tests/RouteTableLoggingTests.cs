using Microsoft.Extensions.Logging;
using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Registry log events keep Gorouter's names; refreshes log at Debug only.</summary>
public sealed class RouteTableLoggingTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly CapturingLogger<RouteTable> _log = new();
    private readonly RouteTable _table;

    public RouteTableLoggingTests() => _table = new RouteTable(new RouteTableOptions(), _time, _log);

    [Fact]
    public void Register_NewRouteThenHeartbeat_RegisteredAtInformationRefreshAtDebug()
    {
        _table.Register(Message("10.0.0.1", 8080, "app.test"));

        Assert.Equal(
            [(LogLevel.Information, "route-registered"), (LogLevel.Information, "endpoint-registered")],
            Events());
        Assert.Equal("route-registered uri=app.test", _log.Entries[0].Message);
        Assert.StartsWith("endpoint-registered uri=app.test backend=10.0.0.1:8080 ", _log.Entries[1].Message, StringComparison.Ordinal);
        Assert.EndsWith(" tls=False action=added", _log.Entries[1].Message, StringComparison.Ordinal);

        _log.Clear();
        _table.Register(Message("10.0.0.1", 8080, "app.test"));

        Assert.Equal([(LogLevel.Debug, "endpoint-registered")], Events());
    }

    [Fact]
    public void Unregister_LastEndpointThenUnknown_LogsGorouterEvents()
    {
        _table.Register(Message("10.0.0.1", 8080, "app.test"));
        _table.Register(Message("10.0.0.2", 8080, "app.test"));
        _log.Clear();

        _table.Unregister(Message("10.0.0.9", 8080, "app.test"));
        _table.Unregister(Message("10.0.0.1", 8080, "app.test"));
        _table.Unregister(Message("10.0.0.2", 8080, "app.test"));

        Assert.Equal(
            [
                (LogLevel.Information, "endpoint-not-unregistered"),
                (LogLevel.Information, "endpoint-unregistered"),
                (LogLevel.Information, "endpoint-unregistered"),
                (LogLevel.Information, "route-unregistered"),
            ],
            Events());
        Assert.StartsWith("endpoint-unregistered uri=app.test backend=10.0.0.1:8080 ", _log.Entries[1].Message, StringComparison.Ordinal);
        Assert.Equal("route-unregistered uri=app.test", _log.Entries[3].Message);
    }

    [Fact]
    public void Prune_StaleAndFailedEndpoints_LogsPrunedRouteAndPruneFailedEndpoint()
    {
        _table.Register(Message("10.0.0.1", 8080, "app.test"));
        var tls = Message("10.0.0.2", 0, "tls.test");
        tls.TlsPort = 8443;
        _table.Register(tls);
        var pool = _table.LookupOrThrow("tls.test");
        _log.Clear();

        _table.RemoveFailedEndpoint(pool, pool.Endpoints[0]);
        _time.Advance(TimeSpan.FromSeconds(121));
        _table.PruneStaleEndpoints();

        Assert.Equal([(LogLevel.Error, "prune-failed-endpoint"), (LogLevel.Information, "pruned-route")], Events());
        Assert.StartsWith("prune-failed-endpoint uri=tls.test backend=10.0.0.2:8443 ", _log.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("10.0.0.1:8080", _log.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_InvalidLoadBalancingOption_LogsError()
    {
        var message = Message("10.0.0.1", 8080, "app.test");
        message.Options.LoadBalancing = "random";

        _table.Register(message);

        Assert.Contains((LogLevel.Error, "invalid-endpoint-load-balancing-algorithm-provided-keeping-pool-lb-algo"), Events());
    }

    [Fact]
    public void RunCycle_BusDown_LogsPruneSuspended()
    {
        var log = new CapturingLogger<StaleRoutePruner>();
        var pruner = new StaleRoutePruner(_table, TimeSpan.FromSeconds(30), () => false, suspendPruningIfDisconnected: true, _time, log);

        Assert.True(pruner.RunCycle().Suspended);

        Assert.Equal("prune-suspended", Assert.Single(log.Entries).EventName);
    }

    private List<(LogLevel, string)> Events() => _log.Entries.Select(entry => (entry.Level, entry.EventName)).ToList();
}
