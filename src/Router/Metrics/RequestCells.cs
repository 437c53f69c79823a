namespace Router.Metrics;

/// <summary>Request-path cells of one <c>component</c> label value: <c>total_requests</c> and <c>latency</c>.</summary>
internal sealed class RequestCells
{
    // Milliseconds kept to the nanosecond in the sum.
    private const double SumUnitsPerMillisecond = 1e6;

    private long _attempts;

    public HistogramCell Latency { get; } = new(HistogramBuckets.LatencyMilliseconds, SumUnitsPerMillisecond);

    public void AddAttempt() => Interlocked.Increment(ref _attempts);

    public long ReadAttempts() => Interlocked.Read(ref _attempts);
}
