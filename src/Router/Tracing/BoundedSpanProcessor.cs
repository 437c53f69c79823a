using System.Diagnostics;
using OpenTelemetry;

namespace Router.Tracing;

/// <summary>
/// The SDK's batch processor with its queue bound kept here, so that a span turned away is counted: a recorded span
/// is admitted only while fewer than <c>tracing.otlp.max_queue_size</c> spans are queued or being exported, and the
/// exporter gives the places back after each batch. The SDK's own queue, of the same size, therefore never
/// overflows, and <see cref="Dropped"/> is exact (the SDK keeps its count of dropped spans to itself).
/// </summary>
internal sealed class BoundedSpanProcessor : BatchActivityExportProcessor
{
    private readonly int _capacity;
    private long _held;
    private long _dropped;

    public BoundedSpanProcessor(BaseExporter<Activity> exporter, int maxQueueSize, int scheduledDelayMilliseconds, int exporterTimeoutMilliseconds)
        : base(exporter, maxQueueSize, scheduledDelayMilliseconds, exporterTimeoutMilliseconds, Math.Min(512, maxQueueSize))
    {
        _capacity = maxQueueSize;
    }

    /// <summary>Spans turned away because the queue was full (collector slow or down).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public override void OnEnd(Activity data)
    {
        if (!data.Recorded)
        {
            return;
        }

        if (Interlocked.Increment(ref _held) > _capacity)
        {
            Interlocked.Decrement(ref _held);
            Interlocked.Increment(ref _dropped);
            return;
        }

        base.OnEnd(data);
    }

    /// <summary>Called by the exporter once a batch of <paramref name="count"/> spans left the queue for good.</summary>
    public void Release(long count) => Interlocked.Add(ref _held, -count);
}
