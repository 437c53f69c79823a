using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class PerRequestMetricsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true, 5)]
    [InlineData(false, 0)]
    public async Task PerRequestMetricsReporting_Setting_DecidesLatencyHistogramButNotCounters(bool enabled, int expectedLatencyCount)
    {
        await using var router = await RouterTestEnvironment.StartAsync($"per_request_metrics_reporting: {(enabled ? "true" : "false")}", output: output);
        await using var backend = await TestBackend.StartAsync("counted");
        router.Register(backend, "metrics.test");

        for (var i = 0; i < 5; i++)
        {
            using var response = await router.GetAsync("metrics.test");
            response.EnsureSuccessStatusCode();
        }

        var metrics = await MetricsScrape.FetchAsync(router.MetricsPort);
        Assert.Equal(5, metrics.Value("responses{status_group=\"2xx\"}"));
        Assert.Equal(5, metrics.Sum("total_requests"));
        Assert.Equal(expectedLatencyCount, metrics.Sum("latency_count"));
        Assert.Equal(expectedLatencyCount, metrics.Sum("route_lookup_time_count"));
    }
}
