using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RouteRegistry;

namespace Router.Dashboard;

/// <summary>
/// Builds the dashboard's summary once per <see cref="Interval"/> while at least one event stream is open, and
/// nothing at all otherwise: the loop starts with the first subscriber and ends at the first tick without one. Each
/// tick takes every route's traffic since the previous tick (<see cref="EndpointPool.TakeTrafficSample"/>; this
/// class is its only caller), keeps the <see cref="TopRoutes"/> busiest, and publishes one JSON summary that every
/// open stream sends.
/// </summary>
internal sealed partial class TrafficSampler(
    RouteIndex index, RouteTable table, TimeProvider time, Func<bool?> messageBusConnected, ILogger<TrafficSampler> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public const int TopRoutes = 10;

    private readonly Lock _subscribers = new();
    private readonly PriorityQueue<EndpointPool, RouteTraffic> _top = new(TopRoutes + 1, TrafficOrder.Instance);
    private int _subscriberCount;
    private Task? _loop;
    private TaskCompletionSource<byte[]> _next = NewTick();
    private byte[]? _latest;
    private long _sampledAt;
    private long _sampledRegistrations;

    /// <summary>
    /// Starts the loop if it is not running; pair with <see cref="Unsubscribe"/>. Returns the summary a new stream
    /// sends first: the latest one of the running loop, or the first one of the loop just started.
    /// </summary>
    public Task<byte[]> Subscribe(CancellationToken stopping)
    {
        lock (_subscribers)
        {
            _subscriberCount++;
            if (_loop is null)
            {
                _latest = null;
                var first = _next.Task;
                _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);
                return first;
            }

            return _latest is { } latest ? Task.FromResult(latest) : _next.Task;
        }
    }

    public void Unsubscribe()
    {
        lock (_subscribers)
        {
            _subscriberCount--;
        }
    }

    /// <summary>The next summary published.</summary>
    public Task<byte[]> NextAsync() => Volatile.Read(ref _next).Task;

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            // The first pass only sets the baseline for rates, so that traffic from before the dashboard opened does
            // not count as the first second's; its summary has no rates yet.
            PublishSample(baseline: true);
            using var timer = new PeriodicTimer(Interval, time);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                lock (_subscribers)
                {
                    if (_subscriberCount == 0)
                    {
                        _loop = null;
                        _latest = null;
                        return;
                    }
                }

                PublishSample(baseline: false);
            }
        }
        catch (OperationCanceledException)
        {
            // The listener is stopping; the streams end with it.
        }

        lock (_subscribers)
        {
            _loop = null;
            _latest = null;
        }
    }

    /// <summary>One summary; a failure is logged and the loop goes on (the streams wait for the next tick).</summary>
    private void PublishSample(bool baseline)
    {
        try
        {
            Publish(Sample(baseline));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSampleFailed(logger, e);
        }
    }

    private void Publish(byte[] summary)
    {
        // A stream that reads the latest summary just before the swap may send it twice; a repeated summary is harmless.
        lock (_subscribers)
        {
            _latest = summary;
        }

        var tick = Interlocked.Exchange(ref _next, NewTick());
        tick.SetResult(summary);
    }

    private byte[] Sample(bool baseline)
    {
        var listing = index.Current();
        var now = time.GetTimestamp();
        var seconds = baseline ? 0 : time.GetElapsedTime(_sampledAt, now).TotalSeconds;
        _sampledAt = now;
        var registrations = table.RegisterMessages;
        var registrationDelta = registrations - _sampledRegistrations;
        _sampledRegistrations = registrations;

        long totalRequests = 0;
        _top.Clear();
        foreach (var pool in listing.Pools)
        {
            var traffic = pool.TakeTrafficSample();
            if (baseline || traffic.Requests <= 0)
            {
                continue;
            }

            totalRequests += traffic.Requests;
            _top.Enqueue(pool, traffic);
            if (_top.Count > TopRoutes)
            {
                _top.Dequeue();
            }
        }

        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer))
        {
            var summary = new SummaryFacts(
                table, time, messageBusConnected(), seconds, totalRequests, baseline ? 0 : registrationDelta);
            SummaryWriter.Write(json, summary, _top);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static TaskCompletionSource<byte[]> NewTick() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 900, EventName = "dashboard-sample-failed", Level = LogLevel.Warning, Message = "dashboard: building the summary failed")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);

    /// <summary>Fewest requests first, so the queue's head is the route to drop.</summary>
    private sealed class TrafficOrder : IComparer<RouteTraffic>
    {
        public static readonly TrafficOrder Instance = new();

        public int Compare(RouteTraffic x, RouteTraffic y) => x.Requests.CompareTo(y.Requests);
    }
}
