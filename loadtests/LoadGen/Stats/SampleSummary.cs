namespace LoadGen.Stats;

/// <summary>Exact order statistics of a small set of samples (up to a few thousand), in microseconds.</summary>
/// <param name="Count">Number of samples summarised.</param>
/// <param name="Min">Smallest sample; NaN when there are none.</param>
/// <param name="P50">Median (nearest rank).</param>
/// <param name="P90">90th percentile (nearest rank).</param>
/// <param name="P99">99th percentile (nearest rank): the largest sample when there are fewer than 100.</param>
/// <param name="Max">Largest sample.</param>
/// <param name="Mean">Arithmetic mean.</param>
internal sealed record SampleSummary(int Count, double Min, double P50, double P90, double P99, double Max, double Mean)
{
    public static SampleSummary Of(IEnumerable<double> samples)
    {
        double[] sorted = [.. samples.Order()];
        if (sorted.Length == 0)
        {
            return new SampleSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new SampleSummary(
            sorted.Length, sorted[0], Rank(sorted, 50), Rank(sorted, 90), Rank(sorted, 99), sorted[^1], sorted.Average());
    }

    // Nearest rank: the smallest sample with at least `percent` of all samples at or below it.
    private static double Rank(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
