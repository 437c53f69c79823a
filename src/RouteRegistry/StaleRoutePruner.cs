using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RouteRegistry;

/// <summary>
/// Runs the prune cycle of docs/gorouter-compatibility.md §3 every <c>prune_stale_droplets_interval</c> on the given clock: skipped
/// (log <c>prune-suspended</c>) while the message bus is down if suspension is on; after a suspension, every
/// endpoint is refreshed first so that the outage does not cause a mass prune; then
/// <see cref="RouteTable.PruneStaleEndpoints"/>. <see cref="Pruned"/> fires after every cycle, suspended or not, so
/// the caller can emit <c>total_routes</c> and <c>ms_since_last_registry_update</c>.
/// </summary>
public sealed partial class StaleRoutePruner
{
    private readonly RouteTable _table;
    private readonly TimeSpan _interval;
    private readonly Func<bool> _isMessageBusConnected;
    private readonly bool _suspendPruningIfDisconnected;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _wasSuspended;

    /// <summary>Creates a pruner; nothing runs until <see cref="RunAsync"/>.</summary>
    /// <param name="table">The table to prune.</param>
    /// <param name="interval">Cycle period (<c>prune_stale_droplets_interval</c>, 30 s); zero disables pruning.</param>
    /// <param name="isMessageBusConnected">Whether the NATS connection is currently up.</param>
    /// <param name="suspendPruningIfDisconnected"><c>suspend_pruning_if_nats_unavailable</c>.</param>
    /// <param name="timeProvider">Clock driving the cycle.</param>
    /// <param name="logger">Log for <c>prune-suspended</c> and cycle failures.</param>
    public StaleRoutePruner(
        RouteTable table,
        TimeSpan interval,
        Func<bool> isMessageBusConnected,
        bool suspendPruningIfDisconnected,
        TimeProvider timeProvider,
        ILogger<StaleRoutePruner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(isMessageBusConnected);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _table = table;
        _interval = interval;
        _isMessageBusConnected = isMessageBusConnected;
        _suspendPruningIfDisconnected = suspendPruningIfDisconnected;
        _time = timeProvider;
        _logger = logger ?? (ILogger)NullLogger<StaleRoutePruner>.Instance;
    }

    /// <summary>Raised after each cycle with its outcome; handler exceptions are logged and do not stop pruning.</summary>
    public event Action<PruneResult>? Pruned;

    /// <summary>
    /// Runs cycles until <paramref name="cancellationToken"/> is cancelled, then completes normally. Returns at once
    /// when the interval is zero (pruning disabled, as in Gorouter).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_interval == TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                RunCycle();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>One cycle (steps 1-3 of docs/gorouter-compatibility.md §3); exceptions are logged, never thrown.</summary>
    internal PruneResult RunCycle()
    {
        PruneResult result;
        try
        {
            if (_suspendPruningIfDisconnected && !_isMessageBusConnected())
            {
                Log.PruneSuspended(_logger);
                _wasSuspended = true;
                result = new PruneResult(0, 0, Suspended: true);
            }
            else
            {
                if (_wasSuspended)
                {
                    Log.RefreshRoutesStart(_logger);
                    _table.RefreshAllEndpoints();
                    Log.RefreshRoutesComplete(_logger);
                    _wasSuspended = false;
                }

                result = _table.PruneStaleEndpoints();
            }
        }
        catch (Exception ex)
        {
            Log.PruneFailed(_logger, ex);
            return default;
        }

        // Each handler runs on its own so that one failing subscriber does not starve the others.
        if (Pruned is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList())
            {
                try
                {
                    ((Action<PruneResult>)handler)(result);
                }
                catch (Exception ex)
                {
                    Log.PrunedHandlerFailed(_logger, ex);
                }
            }
        }

        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, EventName = "prune-suspended", Level = LogLevel.Information,
            Message = "prune-suspended: the message bus is not connected, stale routes are kept")]
        public static partial void PruneSuspended(ILogger logger);

        [LoggerMessage(EventId = 21, EventName = "prune-unsuspended-refresh-routes-start", Level = LogLevel.Debug,
            Message = "prune-unsuspended-refresh-routes-start")]
        public static partial void RefreshRoutesStart(ILogger logger);

        [LoggerMessage(EventId = 22, EventName = "prune-unsuspended-refresh-routes-complete", Level = LogLevel.Debug,
            Message = "prune-unsuspended-refresh-routes-complete")]
        public static partial void RefreshRoutesComplete(ILogger logger);

        [LoggerMessage(EventId = 23, EventName = "prune-failed", Level = LogLevel.Error,
            Message = "prune-failed: the prune cycle threw; the next cycle runs as usual")]
        public static partial void PruneFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 24, EventName = "prune-handler-failed", Level = LogLevel.Error,
            Message = "prune-handler-failed: a Pruned handler threw")]
        public static partial void PrunedHandlerFailed(ILogger logger, Exception exception);
    }
}
