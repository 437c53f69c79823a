using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RouteRegistry;

namespace Router.Snapshots;

/// <summary>
/// Keeps the route table on disk across restarts (<c>route_snapshot_file</c>, docs/operations.md "Restarts without a
/// 404 window"): restores it once at start-up, before the proxy listener opens; saves it every
/// <see cref="RouteSnapshotKeeper.Interval"/> while something changed, on a background task; and saves it once more when
/// the router drains or stops. A failed save is logged and tried again at the next tick; it never stops the router.
/// </summary>
internal sealed partial class RouteSnapshotKeeper : IAsyncDisposable
{
    /// <summary>Default time between two saves while the table changes.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    // The periodic save waits at least this many times as long as the last save took.
    private const int SaveDutyFactor = 10;

    private readonly RouteTable _table;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _pruneAfterLoad;
    private readonly SemaphoreSlim _saving = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private long _savedChanges = -1;
    private long _failedSaves;
    private TimeSpan _lastSaveDuration;

    /// <param name="table">The route table to restore and save.</param>
    /// <param name="path">The snapshot file (<c>route_snapshot_file</c>).</param>
    /// <param name="interval">Time between two saves while the table changes.</param>
    /// <param name="pruneAfterLoad">
    /// Prune endpoints that went stale while the router was down right after loading; false when pruning is off
    /// (<c>prune_stale_droplets_interval: 0</c>).
    /// </param>
    /// <param name="time">Clock for ages and the save timer.</param>
    /// <param name="logger">Where the load, saves and failures are logged.</param>
    public RouteSnapshotKeeper(RouteTable table, string path, TimeSpan interval, bool pruneAfterLoad, TimeProvider time, ILogger<RouteSnapshotKeeper> logger)
    {
        _pruneAfterLoad = pruneAfterLoad;
        _table = table;
        _path = path;
        Interval = interval;
        _time = time;
        _logger = logger;
    }

    /// <summary>Time between two saves while the table changes.</summary>
    public TimeSpan Interval { get; }

    /// <summary>What <see cref="Load"/> did, once it ran.</summary>
    public RouteSnapshotLoad? LastLoad { get; private set; }

    /// <summary>Entries in the last snapshot saved (0 before the first save).</summary>
    public int LastSavedEntries { get; private set; }

    /// <summary>Saves that failed since start-up.</summary>
    public long FailedSaves => Interlocked.Read(ref _failedSaves);

    /// <summary>Restores the snapshot into the table and logs the outcome in one line.</summary>
    public RouteSnapshotLoad Load()
    {
        var started = Stopwatch.GetTimestamp();
        var now = _time.GetUtcNow();
        RouteSnapshotLoad load;
        try
        {
            load = RouteSnapshotReader.Load(_table, _path, now, _table.Options.DropletStaleThreshold);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A snapshot must never keep the router from starting; NATS fills the table as without one.
            load = RouteSnapshotLoad.Ignored($"restoring it failed ({ex.GetType().Name}: {ex.Message})");
        }

        if (load.Loaded)
        {
            // Entries that aged past their threshold while the router was down go as any stale endpoint does.
            var pruned = _pruneAfterLoad ? _table.PruneStaleEndpoints() : default;
            var ageSeconds = (now - load.WrittenAt!.Value).TotalSeconds;
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogLoaded(_logger, load.Restored, _path, ageSeconds, load.Skipped, pruned.PrunedEndpoints, milliseconds);
        }
        else
        {
            LogIgnored(_logger, _path, load.IgnoredReason!);
        }

        // What was just restored needs no saving until something changes.
        _savedChanges = _table.ChangeCount;
        LastLoad = load;
        return load;
    }

    /// <summary>Starts the periodic save on a background task.</summary>
    public void Start() => _loop = Task.Run(RunAsync, CancellationToken.None);

    /// <summary>Saves now if the table changed since the last save; waits for a save already running.</summary>
    public async Task SaveAsync()
    {
        await _saving.WaitAsync().ConfigureAwait(false);
        try
        {
            var changes = _table.ChangeCount;
            if (changes == _savedChanges)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var entries = await Task.Run(() => RouteSnapshotWriter.Write(_table, _path, _time.GetUtcNow())).ConfigureAwait(false);
            _savedChanges = changes;
            LastSavedEntries = entries;
            _lastSaveDuration = Stopwatch.GetElapsedTime(started);
            var milliseconds = _lastSaveDuration.TotalMilliseconds;
            LogSaved(_logger, entries, _path, milliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            Interlocked.Increment(ref _failedSaves);
            LogSaveFailed(_logger, _path, ex.Message);
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>Stops the periodic save and saves a last time.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await SaveAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        _saving.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                // A table that changes all the time (every heartbeat refreshes an endpoint) is saved every Interval,
                // but never sooner than ten times the last save took: a large table costs a tenth of a core at most.
                var wait = _lastSaveDuration * SaveDutyFactor > Interval ? _lastSaveDuration * SaveDutyFactor : Interval;
                await Task.Delay(wait, _time, _stopping.Token).ConfigureAwait(false);
                await SaveAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last save is StopAsync's.
        }
    }

    [LoggerMessage(EventId = 1, EventName = "route-snapshot-loaded", Level = LogLevel.Information,
        Message = "Restored {Entries} endpoints from route snapshot {Path}, written {AgeSeconds:0.#} s ago; {Skipped} entries skipped as invalid, {Pruned} pruned as stale; took {Milliseconds:0} ms")]
    private static partial void LogLoaded(ILogger logger, int entries, string path, double ageSeconds, int skipped, int pruned, double milliseconds);

    [LoggerMessage(EventId = 2, EventName = "route-snapshot-ignored", Level = LogLevel.Warning,
        Message = "Route snapshot {Path} ignored: {Reason}. Starting with an empty route table")]
    private static partial void LogIgnored(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3, EventName = "route-snapshot-saved", Level = LogLevel.Debug,
        Message = "Saved {Entries} endpoints to route snapshot {Path} in {Milliseconds:0} ms")]
    private static partial void LogSaved(ILogger logger, int entries, string path, double milliseconds);

    [LoggerMessage(EventId = 4, EventName = "route-snapshot-save-failed", Level = LogLevel.Error,
        Message = "Could not save route snapshot {Path}: {Reason}. Trying again at the next change")]
    private static partial void LogSaveFailed(ILogger logger, string path, string reason);
}
