namespace Router.Metrics;

/// <summary>The route snapshot (<c>route_snapshot_file</c>), read at scrape time; the router's own metrics, not Gorouter's.</summary>
public sealed partial class RouterMetrics
{
    /// <summary>Endpoints restored at start-up (<c>route_snapshot_restored_endpoints</c>). Unset: the snapshot is off.</summary>
    public Func<int>? RouteSnapshotRestoredEndpoints { get; set; }

    /// <summary>Entries skipped at start-up (<c>route_snapshot_skipped_entries</c>). Unset: the snapshot is off.</summary>
    public Func<int>? RouteSnapshotSkippedEntries { get; set; }

    /// <summary>Failed saves since start (<c>route_snapshot_save_failures</c>, a counter). Unset: the snapshot is off.</summary>
    public Func<long>? RouteSnapshotSaveFailures { get; set; }
}
