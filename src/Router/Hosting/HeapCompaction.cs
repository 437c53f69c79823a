using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RouteRegistry;

namespace Router.Hosting;

/// <summary>
/// Compacts the managed heap and gives its free memory back to the system once the route table has settled after a
/// large change: the first burst of registrations after a start, a restored snapshot, a cell's apps arriving or
/// leaving together. Such a burst leaves the heap holding its garbage (parsed messages, replaced endpoint arrays)
/// spread between the table's long-lived objects, which the collector on its own returns only slowly; at 100,000
/// routes that is about a tenth of the router's resident memory. One blocking collection of the whole heap costs
/// one pause (tens of milliseconds at that size), so it runs only after a change of at least
/// <see cref="MinimumChange"/> endpoints and a quarter of the table, at most once per <see cref="MinimumInterval"/>.
/// </summary>
internal sealed partial class HeapCompaction(RouteTable table, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Endpoints added or removed since the last compaction before another is considered.</summary>
    public const int MinimumChange = 10_000;

    /// <summary>The table counts as settled when it changed by fewer endpoints than this within a check interval or more.</summary>
    public const int SettledChange = 1_000;

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinimumWindow = CheckInterval * 0.9;
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(30);

    /// <summary>Checks the table once a second until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The start counts as a compaction of an empty table: a restored snapshot or the first burst is a change.
        var compactedCount = 0;
        var compactedAt = long.MinValue;
        var previousCount = table.EndpointCount;
        var previousAt = timeProvider.GetTimestamp();
        using var timer = new PeriodicTimer(CheckInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // A tick handled late (a busy core) is followed by one right after it: too short a window to tell a
                // settled table from a burst, so it waits for the next.
                var now = timeProvider.GetTimestamp();
                if (timeProvider.GetElapsedTime(previousAt, now) < MinimumWindow)
                {
                    continue;
                }

                var count = table.EndpointCount;
                var settled = Math.Abs(count - previousCount) < SettledChange;
                previousCount = count;
                previousAt = now;
                if (!settled || !IsLargeChange(compactedCount, count)
                    || (compactedAt != long.MinValue && timeProvider.GetElapsedTime(compactedAt, now) < MinimumInterval))
                {
                    continue;
                }

                Compact(compactedCount, count);
                compactedCount = count;
                compactedAt = timeProvider.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>True when the table went from <paramref name="before"/> to <paramref name="now"/> endpoints by a change worth a compaction.</summary>
    public static bool IsLargeChange(int before, int now)
    {
        var change = Math.Abs((long)now - before);
        return change >= MinimumChange && change * 4 >= before;
    }

    private void Compact(int before, int now)
    {
        var committedBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var pausedBefore = GC.GetTotalPauseDuration();
        var started = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var committedAfter = GC.GetGCMemoryInfo().TotalCommittedBytes;
        LogCompacted(logger, before, now, paused.TotalMilliseconds, elapsed.TotalMilliseconds, committedBefore >> 20, committedAfter >> 20);
    }

    [LoggerMessage(EventId = 801, EventName = "heap-compacted", Level = LogLevel.Information,
        Message = "The route table settled at {Endpoints} endpoints ({Before} at the last compaction): compacted the heap in a pause of {PauseMs:F0} ms ({ElapsedMs:F0} ms in all), committed {CommittedBeforeMb} MB before, {CommittedAfterMb} MB after")]
    private static partial void LogCompacted(
        ILogger logger, int before, int endpoints, double pauseMs, double elapsedMs, long committedBeforeMb, long committedAfterMb);
}
