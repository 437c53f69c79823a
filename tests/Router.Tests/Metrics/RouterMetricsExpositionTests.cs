using System.Diagnostics;
using Router.Metrics;

namespace Router.Tests.Metrics;

public class RouterMetricsExpositionTests
{
    public static TheoryData<string, string> EveryFamily() => new()
    {
        { MetricNames.TotalRequests, "counter" },
        { MetricNames.Responses, "counter" },
        { MetricNames.ResponsesRouteServices, "counter" },
        { MetricNames.Latency, "histogram" },
        { MetricNames.RouterTime, "histogram" },
        { MetricNames.RouteLookupTime, "histogram" },
        { MetricNames.BadGateways, "counter" },
        { MetricNames.RejectedRequests, "counter" },
        { MetricNames.BackendExhaustedConns, "counter" },
        { MetricNames.BackendInvalidId, "counter" },
        { MetricNames.BackendInvalidTlsCert, "counter" },
        { MetricNames.BackendTlsHandshakeFailed, "counter" },
        { MetricNames.ClientTlsHandshakeFailed, "counter" },
        { MetricNames.ConfigReloads, "counter" },
        { MetricNames.ConfigReloadFailures, "counter" },
        { MetricNames.WebSocketUpgrades, "counter" },
        { MetricNames.WebSocketFailures, "counter" },
        { MetricNames.RegistryMessage, "counter" },
        { MetricNames.UnregistryMessage, "counter" },
        { MetricNames.RegistryMessageInvalid, "counter" },
        { MetricNames.RoutesPruned, "counter" },
        { MetricNames.RouteSnapshotRestoredEndpoints, "gauge" },
        { MetricNames.RouteSnapshotSaveFailures, "counter" },
        { MetricNames.RouteSnapshotSkippedEntries, "gauge" },
        { MetricNames.TotalRoutes, "gauge" },
        { MetricNames.MsSinceLastRegistryUpdate, "gauge" },
        { MetricNames.RouteRegistrationLatency, "histogram" },
        { MetricNames.BufferedMessages, "gauge" },
        { MetricNames.TotalDroppedMessages, "gauge" },
        { MetricNames.SyslogDroppedMessages, "counter" },
        { MetricNames.SyslogConnectionFailures, "counter" },
        { MetricNames.TraceHeadersMalformed, "counter" },
        { MetricNames.OtlpDroppedSpans, "counter" },
        { MetricNames.OtlpExportFailures, "counter" },
        { MetricNames.FileDescriptors, "gauge" },
        { MetricNames.NatsDisconnects, "counter" },
        { MetricNames.NatsReconnects, "counter" },
        { MetricNames.Uptime, "gauge" },
        { MetricNames.ProcessCpuSeconds, "counter" },
        { MetricNames.ProcessOpenFds, "gauge" },
        { MetricNames.ProcessMaxFds, "gauge" },
        { MetricNames.ProcessResidentMemory, "gauge" },
        { MetricNames.ProcessVirtualMemory, "gauge" },
        { MetricNames.ProcessStartTime, "gauge" },
        { MetricNames.GcCollections, "counter" },
        { MetricNames.GcPauseTime, "counter" },
        { MetricNames.GcHeapSize, "gauge" },
        { MetricNames.ThreadPoolThreads, "gauge" },
        { MetricNames.ThreadPoolQueueLength, "gauge" },
    };

    [Theory]
    [MemberData(nameof(EveryFamily))]
    public async Task WriteToAsync_FreshInstance_DeclaresFamilyWithType(string name, string type)
    {
        using var metrics = new RouterMetrics();

        var page = await MetricsPage.ScrapeAsync(metrics);

        var family = page.Family(name);
        Assert.Equal(type, family.Type);
        Assert.False(string.IsNullOrWhiteSpace(family.Help));
    }

    [Fact]
    public async Task WriteToAsync_FreshInstance_DeclaresNothingElse()
    {
        using var metrics = new RouterMetrics();

        var page = await MetricsPage.ScrapeAsync(metrics);

        var expected = EveryFamily().Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, page.Families.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteToAsync_BusyInstance_FamiliesInOrdinalOrderAndPageParses()
    {
        using var metrics = new RouterMetrics();
        Exercise(metrics);

        var page = await MetricsPage.ScrapeAsync(metrics);

        var names = page.Families.Select(f => f.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task WriteToAsync_SameCounters_SameCounterLines()
    {
        using var metrics = new RouterMetrics();
        Exercise(metrics);

        var first = CounterAndHistogramLines((await MetricsPage.ScrapeAsync(metrics)).Text);
        var second = CounterAndHistogramLines((await MetricsPage.ScrapeAsync(metrics)).Text);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task WriteToAsync_RequestsCompleted_LatencyBucketsCumulativeAndCountMatchesCalls()
    {
        using var metrics = new RouterMetrics();
        double[] milliseconds = [0.5, 3, 3, 45, 2000];
        foreach (var ms in milliseconds)
        {
            metrics.RequestCompleted(200, "", 1_000, 1_000 + TicksFor(ms));
        }

        var page = await MetricsPage.ScrapeAsync(metrics);

        var component = (MetricNames.ComponentLabel, "");
        var buckets = page.Buckets(MetricNames.Latency, component);
        Assert.Equal(13, buckets.Count);
        Assert.Equal(1, buckets["1"]);
        Assert.Equal(1, buckets["2"]);
        Assert.Equal(3, buckets["4"]);
        Assert.Equal(3, buckets["40"]);
        Assert.Equal(4, buckets["50"]);
        Assert.Equal(4, buckets["1000"]);
        Assert.Equal(5, buckets["+Inf"]);
        Assert.Equal(milliseconds.Length, page.Value(MetricNames.Latency + "_count", component));
        Assert.Equal(milliseconds.Sum(), page.Value(MetricNames.Latency + "_sum", component)!.Value, precision: 3);
        Assert.Equal(5, page.Value(MetricNames.Responses, (MetricNames.StatusGroupLabel, "2xx")));
    }

    [Fact]
    public async Task WriteToAsync_LatencyPerComponent_SeparateSeriesPerComponent()
    {
        using var metrics = new RouterMetrics();
        metrics.RequestCompleted(200, "route-emitter", 0, TicksFor(5));
        metrics.RequestCompleted(200, "CloudController", 0, TicksFor(7));
        metrics.RequestCompleted(200, "CloudController", 0, TicksFor(700));

        var page = await MetricsPage.ScrapeAsync(metrics);

        Assert.Equal(2, page.Value(MetricNames.Latency + "_count", (MetricNames.ComponentLabel, "CloudController")));
        Assert.Equal(1, page.Value(MetricNames.Latency + "_count", (MetricNames.ComponentLabel, "route-emitter")));
        Assert.Null(page.Value(MetricNames.Latency + "_count", (MetricNames.ComponentLabel, "")));
        var components = page.Family(MetricNames.Latency).Samples.Select(s => s.Labels[MetricNames.ComponentLabel]).Distinct();
        Assert.Equal(["CloudController", "route-emitter"], components.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteToAsync_BackendAttempts_TotalRequestsPerComponent()
    {
        using var metrics = new RouterMetrics();
        metrics.BackendAttempt("route-emitter");
        metrics.BackendAttempt("route-emitter");
        metrics.BackendAttempt("");
        metrics.BackendAttempt("CloudController");

        var page = await MetricsPage.ScrapeAsync(metrics);

        Assert.Equal(1, page.Value(MetricNames.TotalRequests, (MetricNames.ComponentLabel, "")));
        Assert.Equal(1, page.Value(MetricNames.TotalRequests, (MetricNames.ComponentLabel, "CloudController")));
        Assert.Equal(2, page.Value(MetricNames.TotalRequests, (MetricNames.ComponentLabel, "route-emitter")));
        Assert.Equal(3, page.Family(MetricNames.TotalRequests).Samples.Count);
    }

    [Fact]
    public async Task WriteToAsync_ComponentWithQuoteBackslashAndNewline_EscapedAndRoundTrips()
    {
        using var metrics = new RouterMetrics();
        const string component = "a\"b\\c\nd é";
        metrics.BackendAttempt(component);

        var page = await MetricsPage.ScrapeAsync(metrics);

        Assert.Contains("total_requests{component=\"a\\\"b\\\\c\\nd é\"} 1\n", page.Text, StringComparison.Ordinal);
        Assert.Equal(1, page.Value(MetricNames.TotalRequests, (MetricNames.ComponentLabel, component)));
    }

    [Fact]
    public async Task WriteToAsync_StatusCodes_GroupedAsGorouterDoes()
    {
        using var metrics = new RouterMetrics();
        foreach (var status in (int[])[200, 204, 301, 404, 503, 101, 0, 600, -1])
        {
            metrics.RequestCompleted(status, "", 0, 0);
        }

        var page = await MetricsPage.ScrapeAsync(metrics);

        double? Group(string group) => page.Value(MetricNames.Responses, (MetricNames.StatusGroupLabel, group));
        Assert.Equal(2, Group("2xx"));
        Assert.Equal(1, Group("3xx"));
        Assert.Equal(1, Group("4xx"));
        Assert.Equal(1, Group("5xx"));
        Assert.Equal(4, Group("xxx"));
    }

    [Fact]
    public async Task WriteToAsync_UntouchedLabelledSeries_LeftOut()
    {
        using var metrics = new RouterMetrics();

        var page = await MetricsPage.ScrapeAsync(metrics);

        Assert.Empty(page.Family(MetricNames.TotalRequests).Samples);
        Assert.Empty(page.Family(MetricNames.Responses).Samples);
        Assert.Empty(page.Family(MetricNames.Latency).Samples);
        Assert.Empty(page.Family(MetricNames.RegistryMessage).Samples);
        Assert.Equal(0, page.Value(MetricNames.BadGateways));
        Assert.Equal(0, page.Value(MetricNames.RouterTime + "_count"));
    }

    [Fact]
    public async Task WriteToAsync_RouteLookupOf15Microseconds_InThe20000NanosecondBucket()
    {
        using var metrics = new RouterMetrics();
        metrics.RouteLookup(Stopwatch.Frequency * 15 / 1_000_000);

        var page = await MetricsPage.ScrapeAsync(metrics);

        var buckets = page.Buckets(MetricNames.RouteLookupTime);
        Assert.Equal(0, buckets["10000"]);
        Assert.Equal(1, buckets["20000"]);
        Assert.Equal(1, buckets["+Inf"]);
        Assert.Equal(15_000, page.Value(MetricNames.RouteLookupTime + "_sum")!.Value, precision: 0);
    }

    [Fact]
    public async Task WriteToAsync_RouterTimeAndRegistrationLatency_BucketedWithGorouterBounds()
    {
        using var metrics = new RouterMetrics();
        metrics.RouterTime(0.25);
        metrics.RouterTime(7);
        metrics.RouteRegistrationLatency(0.3);
        metrics.RouteRegistrationLatency(-2);
        metrics.RouteRegistrationLatency(double.NaN);

        var page = await MetricsPage.ScrapeAsync(metrics);

        var routerTime = page.Buckets(MetricNames.RouterTime);
        Assert.Equal(["1", "2", "4", "6", "8", "10", "20", "40", "50", "100", "500", "1000", "+Inf"], routerTime.Keys);
        Assert.Equal(1, routerTime["1"]);
        Assert.Equal(2, routerTime["8"]);
        var registration = page.Buckets(MetricNames.RouteRegistrationLatency);
        Assert.Equal(["0.1", "0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "+Inf"], registration.Keys);
        Assert.Equal(1, registration["0.1"]);
        Assert.Equal(2, registration["0.5"]);
        Assert.Equal(2, page.Value(MetricNames.RouteRegistrationLatency + "_count"));
        Assert.Equal(-1.7, page.Value(MetricNames.RouteRegistrationLatency + "_sum")!.Value, precision: 4);
    }

    [Fact]
    public async Task WriteToAsync_CallbacksSet_ValuesWritten()
    {
        using var metrics = new RouterMetrics
        {
            TotalRoutes = () => 42,
            MsSinceLastRegistryUpdate = () => 1234.5,
            RoutesPrunedTotal = () => 7,
            BufferedMessages = () => 3,
            TotalDroppedMessages = () => 9,
            SyslogDroppedMessages = () => 11,
            SyslogConnectionFailures = () => 2,
            TraceHeadersMalformed = () => 5,
            OtlpDroppedSpans = () => 13,
            OtlpExportFailures = () => 4,
            RouteSnapshotRestoredEndpoints = () => 6,
            RouteSnapshotSkippedEntries = () => 1,
            RouteSnapshotSaveFailures = () => 3,
        };

        var page = await MetricsPage.ScrapeAsync(metrics);

        Assert.Equal(42, page.Value(MetricNames.TotalRoutes));
        Assert.Equal(1234.5, page.Value(MetricNames.MsSinceLastRegistryUpdate));
        Assert.Equal(7, page.Value(MetricNames.RoutesPruned));
        Assert.Equal(3, page.Value(MetricNames.BufferedMessages));
        Assert.Equal(9, page.Value(MetricNames.TotalDroppedMessages));
        Assert.Equal(11, page.Value(MetricNames.SyslogDroppedMessages));
        Assert.Equal(2, page.Value(MetricNames.SyslogConnectionFailures));
        Assert.Equal(5, page.Value(MetricNames.TraceHeadersMalformed));
        Assert.Equal(13, page.Value(MetricNames.OtlpDroppedSpans));
        Assert.Equal(4, page.Value(MetricNames.OtlpExportFailures));
        Assert.Equal(6, page.Value(MetricNames.RouteSnapshotRestoredEndpoints));
        Assert.Equal(1, page.Value(MetricNames.RouteSnapshotSkippedEntries));
        Assert.Equal(3, page.Value(MetricNames.RouteSnapshotSaveFailures));
    }

    [Fact]
    public async Task WriteToAsync_CallbacksUnset_FamilyWithoutSample()
    {
        using var metrics = new RouterMetrics();

        var page = await MetricsPage.ScrapeAsync(metrics);

        Assert.Empty(page.Family(MetricNames.TotalRoutes).Samples);
        Assert.Empty(page.Family(MetricNames.BufferedMessages).Samples);
    }

    [Fact]
    public async Task WriteToAsync_NullStream_Throws()
    {
        using var metrics = new RouterMetrics();

        await Assert.ThrowsAsync<ArgumentNullException>(() => metrics.WriteToAsync(null!));
    }

    internal static long TicksFor(double milliseconds) => (long)Math.Round(milliseconds * Stopwatch.Frequency / 1000);

    private static void Exercise(RouterMetrics metrics)
    {
        metrics.BackendAttempt("route-emitter");
        metrics.BackendAttempt("");
        metrics.RequestCompleted(200, "route-emitter", 0, TicksFor(3));
        metrics.RequestCompleted(502, "", 0, TicksFor(30));
        metrics.RouterTime(0.4);
        metrics.RouteLookup(100);
        metrics.BadGateway();
        metrics.RegistryMessage("route-emitter", MetricNames.ActionAdded, 2);
        metrics.RegistryMessage("", MetricNames.ActionUnmodified);
        metrics.UnregistryMessage("route-emitter");
        metrics.RouteRegistrationLatency(1.2);
        metrics.TotalRoutes = () => 2;
    }

    // Process and runtime families move between two scrapes; everything the router counts must not.
    private static List<string> CounterAndHistogramLines(string text) =>
        text.Split('\n')
            .Where(line => !line.StartsWith("process_", StringComparison.Ordinal)
                && !line.StartsWith("dotnet_", StringComparison.Ordinal)
                && !line.StartsWith("uptime ", StringComparison.Ordinal)
                && !line.StartsWith("file_descriptors ", StringComparison.Ordinal))
            .ToList();
}
