using Prometheus;

namespace Router.Metrics;

/// <summary>
/// The prometheus-net collectors behind <c>/metrics</c>, on a registry of their own: prometheus-net's static default
/// registry would add its own process and runtime families, which would change the page.
/// </summary>
/// <remarks>
/// prometheus-net writes families in the order they were created, so they are created here in ordinal name order,
/// the order client_golang (behind Gorouter's page) writes them in. Every collector suppresses its initial value
/// except the unlabelled counters: a labelled series, or a gauge read from elsewhere, appears once it has been
/// recorded, as client_golang creates a labelled child on first use; an unlabelled counter shows 0 from the start.
/// Exemplars are off: the text format this page uses has no place for them.
/// </remarks>
internal sealed class MetricFamilies
{
    public MetricFamilies()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        BackendExhaustedConns = Counter(factory, MetricNames.BackendExhaustedConns, MetricHelp.BackendExhaustedConns);
        BackendInvalidId = Counter(factory, MetricNames.BackendInvalidId, MetricHelp.BackendInvalidId);
        BackendInvalidTlsCert = Counter(factory, MetricNames.BackendInvalidTlsCert, MetricHelp.BackendInvalidTlsCert);
        BackendTlsHandshakeFailed = Counter(factory, MetricNames.BackendTlsHandshakeFailed, MetricHelp.BackendTlsHandshakeFailed);
        BadGateways = Counter(factory, MetricNames.BadGateways, MetricHelp.BadGateways);
        BufferedMessages = Gauge(factory, MetricNames.BufferedMessages, MetricHelp.BufferedMessages);
        ClientTlsHandshakeFailed = Counter(factory, MetricNames.ClientTlsHandshakeFailed, MetricHelp.ClientTlsHandshakeFailed);
        ConfigReloadFailures = Counter(factory, MetricNames.ConfigReloadFailures, MetricHelp.ConfigReloadFailures);
        ConfigReloads = Counter(factory, MetricNames.ConfigReloads, MetricHelp.ConfigReloads);
        GcCollections = Counter(factory, MetricNames.GcCollections, MetricHelp.GcCollections, MetricNames.GenerationLabel);
        GcHeapSize = Gauge(factory, MetricNames.GcHeapSize, MetricHelp.GcHeapSize);
        GcPauseTime = Counter(factory, MetricNames.GcPauseTime, MetricHelp.GcPauseTime);
        ThreadPoolQueueLength = Gauge(factory, MetricNames.ThreadPoolQueueLength, MetricHelp.ThreadPoolQueueLength);
        ThreadPoolThreads = Gauge(factory, MetricNames.ThreadPoolThreads, MetricHelp.ThreadPoolThreads);
        FileDescriptors = Gauge(factory, MetricNames.FileDescriptors, MetricHelp.FileDescriptors);
        RouterTime = Histogram(factory, MetricNames.RouterTime, MetricHelp.RouterTime, HistogramBuckets.RouterTimeMilliseconds);
        Latency = Histogram(factory, MetricNames.Latency, MetricHelp.Latency, HistogramBuckets.LatencyMilliseconds, MetricNames.ComponentLabel);
        MsSinceLastRegistryUpdate = Gauge(factory, MetricNames.MsSinceLastRegistryUpdate, MetricHelp.MsSinceLastRegistryUpdate);
        NatsDisconnects = Counter(factory, MetricNames.NatsDisconnects, MetricHelp.NatsDisconnects);
        NatsReconnects = Counter(factory, MetricNames.NatsReconnects, MetricHelp.NatsReconnects);
        OtlpDroppedSpans = Counter(factory, MetricNames.OtlpDroppedSpans, MetricHelp.OtlpDroppedSpans, suppressInitialValue: true);
        OtlpExportFailures = Counter(factory, MetricNames.OtlpExportFailures, MetricHelp.OtlpExportFailures, suppressInitialValue: true);
        ProcessCpuSeconds = Counter(factory, MetricNames.ProcessCpuSeconds, MetricHelp.ProcessCpuSeconds);
        ProcessMaxFds = Gauge(factory, MetricNames.ProcessMaxFds, MetricHelp.ProcessMaxFds);
        ProcessOpenFds = Gauge(factory, MetricNames.ProcessOpenFds, MetricHelp.ProcessOpenFds);
        ProcessResidentMemory = Gauge(factory, MetricNames.ProcessResidentMemory, MetricHelp.ProcessResidentMemory);
        ProcessStartTime = Gauge(factory, MetricNames.ProcessStartTime, MetricHelp.ProcessStartTime);
        ProcessVirtualMemory = Gauge(factory, MetricNames.ProcessVirtualMemory, MetricHelp.ProcessVirtualMemory);

        // client_golang writes label pairs sorted by name, so action comes before component.
        RegistryMessage = Counter(factory, MetricNames.RegistryMessage, MetricHelp.RegistryMessage, MetricNames.ActionLabel, MetricNames.ComponentLabel);
        RegistryMessageInvalid = Counter(factory, MetricNames.RegistryMessageInvalid, MetricHelp.RegistryMessageInvalid);
        RejectedRequests = Counter(factory, MetricNames.RejectedRequests, MetricHelp.RejectedRequests);
        Responses = Counter(factory, MetricNames.Responses, MetricHelp.Responses, MetricNames.StatusGroupLabel);
        ResponsesRouteServices = Counter(factory, MetricNames.ResponsesRouteServices, MetricHelp.ResponsesRouteServices, MetricNames.StatusGroupLabel);
        RouteLookupTime = Histogram(factory, MetricNames.RouteLookupTime, MetricHelp.RouteLookupTime, HistogramBuckets.RouteLookupNanoseconds);
        RouteRegistrationLatency = Histogram(
            factory, MetricNames.RouteRegistrationLatency, MetricHelp.RouteRegistrationLatency, HistogramBuckets.RegistrationLatencyMilliseconds);
        RouteSnapshotRestoredEndpoints = Gauge(factory, MetricNames.RouteSnapshotRestoredEndpoints, MetricHelp.RouteSnapshotRestoredEndpoints);
        RouteSnapshotSaveFailures = Counter(factory, MetricNames.RouteSnapshotSaveFailures, MetricHelp.RouteSnapshotSaveFailures, suppressInitialValue: true);
        RouteSnapshotSkippedEntries = Gauge(factory, MetricNames.RouteSnapshotSkippedEntries, MetricHelp.RouteSnapshotSkippedEntries);
        RoutesPruned = Counter(factory, MetricNames.RoutesPruned, MetricHelp.RoutesPruned, suppressInitialValue: true);
        SyslogConnectionFailures = Counter(factory, MetricNames.SyslogConnectionFailures, MetricHelp.SyslogConnectionFailures, suppressInitialValue: true);
        SyslogDroppedMessages = Counter(factory, MetricNames.SyslogDroppedMessages, MetricHelp.SyslogDroppedMessages, suppressInitialValue: true);
        TotalDroppedMessages = Gauge(factory, MetricNames.TotalDroppedMessages, MetricHelp.TotalDroppedMessages);
        TotalRequests = Counter(factory, MetricNames.TotalRequests, MetricHelp.TotalRequests, MetricNames.ComponentLabel);
        TotalRoutes = Gauge(factory, MetricNames.TotalRoutes, MetricHelp.TotalRoutes);
        TraceHeadersMalformed = Counter(factory, MetricNames.TraceHeadersMalformed, MetricHelp.TraceHeadersMalformed, suppressInitialValue: true);
        UnregistryMessage = Counter(factory, MetricNames.UnregistryMessage, MetricHelp.UnregistryMessage, MetricNames.ComponentLabel);
        Uptime = Gauge(factory, MetricNames.Uptime, MetricHelp.Uptime);
        WebSocketFailures = Counter(factory, MetricNames.WebSocketFailures, MetricHelp.WebSocketFailures);
        WebSocketUpgrades = Counter(factory, MetricNames.WebSocketUpgrades, MetricHelp.WebSocketUpgrades);
    }

    /// <summary>The registry every collector below lives on; <c>/metrics</c> is its text export.</summary>
    public CollectorRegistry Registry { get; }

    public Counter BackendExhaustedConns { get; }

    public Counter BackendInvalidId { get; }

    public Counter BackendInvalidTlsCert { get; }

    public Counter BackendTlsHandshakeFailed { get; }

    public Counter BadGateways { get; }

    public Gauge BufferedMessages { get; }

    public Counter ClientTlsHandshakeFailed { get; }

    public Counter ConfigReloadFailures { get; }

    public Counter ConfigReloads { get; }

    public Counter GcCollections { get; }

    public Gauge GcHeapSize { get; }

    public Counter GcPauseTime { get; }

    public Gauge ThreadPoolQueueLength { get; }

    public Gauge ThreadPoolThreads { get; }

    public Gauge FileDescriptors { get; }

    public Histogram RouterTime { get; }

    public Histogram Latency { get; }

    public Gauge MsSinceLastRegistryUpdate { get; }

    public Counter NatsDisconnects { get; }

    public Counter NatsReconnects { get; }

    public Counter ProcessCpuSeconds { get; }

    public Gauge ProcessMaxFds { get; }

    public Gauge ProcessOpenFds { get; }

    public Gauge ProcessResidentMemory { get; }

    public Gauge ProcessStartTime { get; }

    public Gauge ProcessVirtualMemory { get; }

    public Counter RegistryMessage { get; }

    public Counter RegistryMessageInvalid { get; }

    public Counter RejectedRequests { get; }

    public Counter Responses { get; }

    public Counter ResponsesRouteServices { get; }

    public Histogram RouteLookupTime { get; }

    public Histogram RouteRegistrationLatency { get; }

    public Gauge RouteSnapshotRestoredEndpoints { get; }

    public Counter RouteSnapshotSaveFailures { get; }

    public Gauge RouteSnapshotSkippedEntries { get; }

    public Counter RoutesPruned { get; }

    public Counter SyslogConnectionFailures { get; }

    public Counter SyslogDroppedMessages { get; }

    public Counter TraceHeadersMalformed { get; }

    public Counter OtlpDroppedSpans { get; }

    public Counter OtlpExportFailures { get; }

    public Gauge TotalDroppedMessages { get; }

    public Counter TotalRequests { get; }

    public Gauge TotalRoutes { get; }

    public Counter UnregistryMessage { get; }

    public Gauge Uptime { get; }

    public Counter WebSocketFailures { get; }

    public Counter WebSocketUpgrades { get; }

    private static Counter Counter(MetricFactory factory, string name, string help, params string[] labelNames) =>
        Counter(factory, name, help, suppressInitialValue: labelNames.Length > 0, labelNames);

    private static Counter Counter(MetricFactory factory, string name, string help, bool suppressInitialValue, params string[] labelNames) =>
        factory.CreateCounter(name, help, labelNames, new CounterConfiguration
        {
            SuppressInitialValue = suppressInitialValue,
            ExemplarBehavior = ExemplarBehavior.NoExemplars(),
        });

    private static Gauge Gauge(MetricFactory factory, string name, string help) =>
        factory.CreateGauge(name, help, new GaugeConfiguration { SuppressInitialValue = true });

    private static Histogram Histogram(MetricFactory factory, string name, string help, ReadOnlySpan<double> buckets, params string[] labelNames) =>
        factory.CreateHistogram(name, help, labelNames, new HistogramConfiguration
        {
            Buckets = buckets.ToArray(),
            SuppressInitialValue = labelNames.Length > 0,
            ExemplarBehavior = ExemplarBehavior.NoExemplars(),
        });
}
