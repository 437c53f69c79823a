using System.Numerics;

namespace LoadGen.Stats;

/// <summary>
/// A log-linear latency histogram in the manner of HdrHistogram, with microsecond units.
/// Values below 2,048 µs are counted exactly; above that each power of two is split into 1,024
/// equal buckets, so any reported percentile is within 0.1% of a recorded value. Recording is one
/// array increment and never allocates.
/// </summary>
internal sealed class LatencyHistogram
{
    // Linear range [0, 2^SubBucketBits * 2) holds exact values; each later magnitude keeps
    // 2^SubBucketBits buckets.
    private const int SubBucketBits = 10;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int LinearLimit = SubBucketCount * 2;
    private const int Magnitudes = 32;

    private readonly long[] counts = new long[LinearLimit + (Magnitudes * SubBucketCount)];
    private long total;
    private long sumMicroseconds;
    private long minMicroseconds = long.MaxValue;
    private long maxMicroseconds;

    /// <summary>Number of recorded values.</summary>
    public long Count => total;

    /// <summary>Largest recorded value, in microseconds; 0 when empty.</summary>
    public long MaxMicroseconds => maxMicroseconds;

    /// <summary>Smallest recorded value, in microseconds; 0 when empty.</summary>
    public long MinMicroseconds => total == 0 ? 0 : minMicroseconds;

    /// <summary>Arithmetic mean in microseconds; 0 when empty.</summary>
    public double MeanMicroseconds => total == 0 ? 0 : (double)sumMicroseconds / total;

    /// <summary>Records one latency given in nanoseconds (rounded to the nearest microsecond).</summary>
    public void RecordNanoseconds(long nanoseconds) => RecordMicroseconds((Math.Max(nanoseconds, 0) + 500) / 1000);

    /// <summary>Records one latency in microseconds. Negative values count as 0.</summary>
    public void RecordMicroseconds(long microseconds)
    {
        long value = Math.Max(microseconds, 0);
        counts[IndexOf(value)]++;
        total++;
        sumMicroseconds += value;
        if (value < minMicroseconds)
        {
            minMicroseconds = value;
        }

        if (value > maxMicroseconds)
        {
            maxMicroseconds = value;
        }
    }

    /// <summary>
    /// The value at or below which <paramref name="percentile"/> percent of recordings fall, in
    /// microseconds: the midpoint of the bucket holding that recording, capped at the maximum.
    /// </summary>
    public double ValueAtPercentile(double percentile)
    {
        if (total == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (int index = 0; index < counts.Length; index++)
        {
            seen += counts[index];
            if (seen >= rank)
            {
                (long low, long width) = BucketOf(index);
                return Math.Min(low + ((width - 1) / 2.0), maxMicroseconds);
            }
        }

        return maxMicroseconds;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        // Highest set bit >= SubBucketBits + 1; keep the top SubBucketBits + 1 bits as the bucket.
        int shift = (63 - BitOperations.LeadingZeroCount((ulong)value)) - SubBucketBits;
        if (shift > Magnitudes)
        {
            return LinearLimit + (Magnitudes * SubBucketCount) - 1;
        }

        long top = value >> shift;
        return LinearLimit + ((shift - 1) * SubBucketCount) + (int)(top - SubBucketCount);
    }

    private static (long Low, long Width) BucketOf(int index)
    {
        if (index < LinearLimit)
        {
            return (index, 1);
        }

        int offset = index - LinearLimit;
        int shift = (offset / SubBucketCount) + 1;
        long top = SubBucketCount + (offset % SubBucketCount);
        return (top << shift, 1L << shift);
    }
}
