using System.Globalization;

namespace Router.Metrics;

/// <summary>
/// A fixed-bucket histogram written with one <see cref="Interlocked"/> operation per bucket and per sum, so
/// observers never lock and never allocate.
/// </summary>
/// <remarks>
/// Buckets hold plain (non-cumulative) counts; the writer accumulates them at scrape time and takes the count
/// from the same reads, so <c>_count</c> always equals the <c>+Inf</c> bucket. The sum is kept in fixed point
/// (a chosen number of units per observed unit) because <see cref="Interlocked.Add(ref long, long)"/>
/// is a single instruction where a <c>double</c> sum would need a compare-exchange loop.
/// </remarks>
internal sealed class HistogramCell
{
    private readonly double[] _upperBounds;
    private readonly long[] _bucketCounts;
    private readonly double _sumUnitsPerValue;
    private long _sumUnits;

    /// <param name="upperBounds">Finite, strictly increasing upper bounds; the <c>+Inf</c> bucket is added.</param>
    /// <param name="sumUnitsPerValue">Fixed-point resolution of the sum, e.g. 1e6 to keep milliseconds to the nanosecond.</param>
    public HistogramCell(ReadOnlySpan<double> upperBounds, double sumUnitsPerValue)
    {
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (!double.IsFinite(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1]))
            {
                throw new ArgumentException("Bucket bounds must be finite and strictly increasing.", nameof(upperBounds));
            }
        }

        _upperBounds = upperBounds.ToArray();
        _bucketCounts = new long[upperBounds.Length + 1];
        _sumUnitsPerValue = sumUnitsPerValue;
        UpperBoundLabels = Array.ConvertAll(_upperBounds, b => b.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>The finite upper bounds, in order.</summary>
    public ReadOnlySpan<double> UpperBounds => _upperBounds;

    /// <summary>The bounds as the <c>le</c> label values, formatted once.</summary>
    public IReadOnlyList<string> UpperBoundLabels { get; }

    /// <summary>Counts one observation. Values that are not finite are ignored: they fit no bucket and would poison the sum.</summary>
    public void Observe(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        var bounds = _upperBounds;
        var index = 0;
        while (index < bounds.Length && value > bounds[index])
        {
            index++;
        }

        Interlocked.Increment(ref _bucketCounts[index]);
        Interlocked.Add(ref _sumUnits, (long)(value * _sumUnitsPerValue));
    }

    /// <summary>Observations that fell in bucket <paramref name="index"/> alone (the last index is <c>+Inf</c>).</summary>
    public long ReadBucket(int index) => Interlocked.Read(ref _bucketCounts[index]);

    /// <summary>Number of buckets including <c>+Inf</c>.</summary>
    public int BucketCount => _bucketCounts.Length;

    /// <summary>Sum of the observed values.</summary>
    public double ReadSum() => Interlocked.Read(ref _sumUnits) / _sumUnitsPerValue;

    /// <summary>Total observations (sum of all buckets; may lag the buckets read just before by concurrent observers).</summary>
    public long ReadCount()
    {
        long count = 0;
        for (var i = 0; i < _bucketCounts.Length; i++)
        {
            count += ReadBucket(i);
        }

        return count;
    }
}
