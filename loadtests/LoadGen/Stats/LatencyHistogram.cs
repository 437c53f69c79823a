using HdrHistogram;

namespace LoadGen.Stats;

/// <summary>
/// Latencies of one run in microseconds, kept in an HdrHistogram with three significant digits: any reported
/// percentile is within 0.1% of a recorded value. Recording is one array increment and never allocates.
/// The exact minimum, maximum and sum are kept beside it, so the report's min, max and mean are not rounded.
/// </summary>
internal sealed class LatencyHistogram
{
    // One hour in microseconds: far past any timeout the generator uses; longer values are clamped to it.
    private const long HighestTrackableMicroseconds = 3_600_000_000;
    private const int SignificantDigits = 3;

    private readonly LongHistogram histogram = new(HighestTrackableMicroseconds, SignificantDigits);
    private long sumMicroseconds;
    private long minMicroseconds = long.MaxValue;
    private long maxMicroseconds;

    /// <summary>Number of recorded values.</summary>
    public long Count => histogram.TotalCount;

    /// <summary>Largest recorded value, in microseconds; 0 when empty.</summary>
    public long MaxMicroseconds => maxMicroseconds;

    /// <summary>Smallest recorded value, in microseconds; 0 when empty.</summary>
    public long MinMicroseconds => Count == 0 ? 0 : minMicroseconds;

    /// <summary>Arithmetic mean in microseconds; 0 when empty.</summary>
    public double MeanMicroseconds => Count == 0 ? 0 : (double)sumMicroseconds / Count;

    /// <summary>Records one latency given in nanoseconds (rounded to the nearest microsecond).</summary>
    public void RecordNanoseconds(long nanoseconds) => RecordMicroseconds((Math.Max(nanoseconds, 0) + 500) / 1000);

    /// <summary>Records one latency in microseconds. Negative values count as 0.</summary>
    public void RecordMicroseconds(long microseconds)
    {
        long value = Math.Clamp(microseconds, 0, HighestTrackableMicroseconds);
        histogram.RecordValue(value);
        sumMicroseconds += value;
        minMicroseconds = Math.Min(minMicroseconds, value);
        maxMicroseconds = Math.Max(maxMicroseconds, value);
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> percent of recordings fall, in microseconds
    /// (HdrHistogram's highest value equivalent to that recording), capped at the exact maximum.
    /// </summary>
    public double ValueAtPercentile(double percentile) =>
        Count == 0 ? 0 : Math.Min(histogram.GetValueAtPercentile(percentile), maxMicroseconds);
}
