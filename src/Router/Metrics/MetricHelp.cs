namespace Router.Metrics;

/// <summary>
/// <c># HELP</c> texts. The Gorouter metrics keep Gorouter's texts (<c>metrics_prometheus/metrics.go</c>) so the
/// page reads the same, except <c>gorouter_time</c>: Gorouter's text says seconds while its buckets (1…1000)
/// and this router's values are milliseconds.
/// </summary>
internal static class MetricHelp
{
    public const string TotalRequests = "number of routing requests";
    public const string Responses = "number of responses";

    public const string ResponsesRouteServices = "number of responses for route services";
    public const string Latency = "routing response latency in ms";
    public const string RouterTime = "gorouter time per request in ms";
    public const string RouteLookupTime = "route lookup time per request in ns";
    public const string BadGateways = "number of bad gateway errors received from backends";
    public const string RejectedRequests = "number of rejected requests";
    public const string BackendExhaustedConns = "number of errors related to backend connection limit reached";
    public const string BackendInvalidId = "number of bad backend id errors received from backends";
    public const string BackendInvalidTlsCert = "number of tls certificate errors received from backends";
    public const string BackendTlsHandshakeFailed = "number of backend handshake errors";
    public const string ClientTlsHandshakeFailed = "number of client connections closed before their TLS handshake completed";
    public const string WebSocketUpgrades = "websocket upgrade to websocket";
    public const string WebSocketFailures = "websocket failure";
    public const string RegistryMessage = "number of route registration messages";
    public const string UnregistryMessage = "number of unregister messages";
    public const string RegistryMessageInvalid = "number of route registration or unregistration messages dropped because they did not decode";
    public const string RoutesPruned = "number of pruned routes";

    public const string RouteSnapshotRestoredEndpoints = "endpoints restored from the route snapshot at start-up";

    public const string RouteSnapshotSaveFailures = "number of failed saves of the route snapshot";

    public const string RouteSnapshotSkippedEntries = "route snapshot entries skipped at start-up as invalid";
    public const string TotalRoutes = "number of total routes";
    public const string MsSinceLastRegistryUpdate = "time since last registry update in ms";
    public const string RouteRegistrationLatency = "route registration latency in ms";
    public const string ConfigReloads = "number of configuration reloads applied";
    public const string ConfigReloadFailures = "number of configuration reloads refused, keeping the running configuration";
    public const string SyslogDroppedMessages = "number of access log lines dropped before reaching the syslog server";
    public const string SyslogConnectionFailures = "number of failed connections, handshakes and writes to the syslog server";
    public const string TraceHeadersMalformed = "number of malformed B3 or W3C trace request headers that were ignored or replaced";
    public const string OtlpDroppedSpans = "number of spans dropped because the OTLP export queue was full";
    public const string OtlpExportFailures = "number of OTLP export batches, of spans or metrics, that failed";
    public const string BufferedMessages = "number of buffered messages in NATS";
    public const string TotalDroppedMessages = "number of total dropped messages in NATS";
    public const string FileDescriptors = "number of file descriptors found";
    public const string NatsDisconnects = "number of times the connection to NATS was lost";
    public const string NatsReconnects = "number of times the router connected to NATS again after losing the connection";
    public const string Uptime = "seconds since the router process started";
    public const string ProcessCpuSeconds = "Total user and system CPU time spent in seconds.";
    public const string ProcessOpenFds = "Number of open file descriptors.";
    public const string ProcessMaxFds = "Maximum number of open file descriptors.";
    public const string ProcessResidentMemory = "Resident memory size in bytes.";
    public const string ProcessVirtualMemory = "Virtual memory size in bytes.";
    public const string ProcessStartTime = "Start time of the process since unix epoch in seconds.";
    public const string GcCollections = "Number of garbage collections since the process started, by generation.";
    public const string GcPauseTime = "Total time the runtime was paused for garbage collection, in seconds.";
    public const string GcHeapSize = "Bytes currently allocated on the managed heap.";
    public const string ThreadPoolThreads = "Number of thread pool threads that currently exist.";
    public const string ThreadPoolQueueLength = "Number of work items queued to the thread pool.";
}
