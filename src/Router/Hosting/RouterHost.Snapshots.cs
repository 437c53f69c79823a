using Microsoft.Extensions.Logging;
using Router.Snapshots;

namespace Router.Hosting;

/// <summary>The route snapshot's place in start-up and stop (<c>route_snapshot_file</c>; Snapshots/RouteSnapshotKeeper.cs).</summary>
internal sealed partial class RouterHost
{
    private RouteSnapshotKeeper? _snapshots;

    /// <summary>The route snapshot, or null when <c>route_snapshot_file</c> is off.</summary>
    public RouteSnapshotKeeper? RouteSnapshots => _snapshots;

    /// <summary>Restores the snapshot, if one is configured, and starts saving it; before NATS and the listener.</summary>
    private void StartRouteSnapshots()
    {
        if (string.IsNullOrEmpty(_options.RouteSnapshotFile))
        {
            return;
        }

        _snapshots = new RouteSnapshotKeeper(
            RouteTable,
            _options.RouteSnapshotFile,
            _settings.RouteSnapshotInterval,
            _options.PruneStaleDropletsInterval > TimeSpan.Zero,
            _settings.TimeProvider,
            LoggerFactory.CreateLogger<RouteSnapshotKeeper>());
        var load = _snapshots.Load();
        var snapshots = _snapshots;
        Metrics.RouteSnapshotRestoredEndpoints = () => load.Restored;
        Metrics.RouteSnapshotSkippedEntries = () => load.Skipped;
        Metrics.RouteSnapshotSaveFailures = () => snapshots.FailedSaves;
        _snapshots.Start();
    }

    private Task SaveRouteSnapshotAsync() => _snapshots?.SaveAsync() ?? Task.CompletedTask;

    private Task StopRouteSnapshotsAsync() => _snapshots?.StopAsync() ?? Task.CompletedTask;

    private ValueTask DisposeRouteSnapshotsAsync() => _snapshots?.DisposeAsync() ?? ValueTask.CompletedTask;
}
