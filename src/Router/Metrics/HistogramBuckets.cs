namespace Router.Metrics;

/// <summary>
/// Upper bounds of the histogram buckets: Gorouter's defaults (<c>config/config.go</c>, <c>defaultMetersConfig</c>).
/// Each histogram also has the implicit <c>+Inf</c> bucket.
/// </summary>
internal static class HistogramBuckets
{
    /// <summary><c>routing_response_latency_histogram_buckets</c>, milliseconds.</summary>
    public static ReadOnlySpan<double> LatencyMilliseconds => [1, 2, 4, 6, 8, 10, 20, 40, 50, 100, 500, 1000];

    /// <summary><c>gorouter_time_histogram_buckets</c>, milliseconds.</summary>
    public static ReadOnlySpan<double> RouterTimeMilliseconds => [1, 2, 4, 6, 8, 10, 20, 40, 50, 100, 500, 1000];

    /// <summary><c>route_lookup_time_histogram_buckets</c>, nanoseconds.</summary>
    public static ReadOnlySpan<double> RouteLookupNanoseconds =>
        [10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000];

    /// <summary><c>route_registration_latency_histogram_buckets</c>, milliseconds.</summary>
    public static ReadOnlySpan<double> RegistrationLatencyMilliseconds => [0.1, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
}
