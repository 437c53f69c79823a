namespace Router.Metrics;

/// <summary>
/// Names and label names of the metrics on <c>/metrics</c> (docs/gorouter-compatibility.md §9). Operators' dashboards and alerts
/// query these names, so the Gorouter ones are kept byte for byte, including their lack of a <c>_total</c> suffix.
/// </summary>
/// <remarks>
/// Unless a constant says otherwise, the source is Gorouter <c>metrics_prometheus/metrics.go</c> (<c>NewMetrics</c>,
/// routing-release <c>src/code.cloudfoundry.org/gorouter</c>), where each name is registered with
/// <c>code.cloudfoundry.org/go-metric-registry</c>. The process names are the ones client_golang's process
/// collector writes, which Gorouter's registry also registers.
/// </remarks>
public static class MetricNames
{
    /// <summary>Counter, label <see cref="ComponentLabel"/>: backend attempts, retries included (<c>RoutingRequest</c>).</summary>
    public const string TotalRequests = "total_requests";

    /// <summary>Counter, label <see cref="StatusGroupLabel"/>: requests that reached endpoint selection, by final status (<c>Responses</c>).</summary>
    public const string Responses = "responses";

    /// <summary>
    /// Counter, label <see cref="StatusGroupLabel"/>: answers of route services, by status (<c>RouteServicesResponses</c>;
    /// declared by Gorouter's current code, counted by its older releases and here).
    /// </summary>
    public const string ResponsesRouteServices = "responses_route_services";

    /// <summary>Histogram in milliseconds, label <see cref="ComponentLabel"/>: request received to backend exchange finished (<c>RoutingResponseLatency</c>).</summary>
    public const string Latency = "latency";

    /// <summary>Histogram in milliseconds: time spent in the router itself per request (<c>GorouterTime</c>).</summary>
    public const string RouterTime = "gorouter_time";

    /// <summary>Histogram in nanoseconds: route table lookup per request (<c>RouteLookupTime</c>).</summary>
    public const string RouteLookupTime = "route_lookup_time";

    /// <summary>Counter: 502 answers from the default error mapping (<c>BadGateway</c>).</summary>
    public const string BadGateways = "bad_gateways";

    /// <summary>Counter: 400/404 lookup rejections (<c>BadRequest</c>).</summary>
    public const string RejectedRequests = "rejected_requests";

    /// <summary>Counter: 503 because every endpoint was at <c>max_conns</c> (<c>BackendExhaustedConns</c>).</summary>
    public const string BackendExhaustedConns = "backend_exhausted_conns";

    /// <summary>Counter: backend certificate name did not match the expected instance (<c>BackendInvalidID</c>).</summary>
    public const string BackendInvalidId = "backend_invalid_id";

    /// <summary>Counter: backend certificate failed verification (<c>BackendInvalidTLSCert</c>).</summary>
    public const string BackendInvalidTlsCert = "backend_invalid_tls_cert";

    /// <summary>Counter: TLS handshake with a backend failed (<c>BackendTLSHandshakeFailed</c>).</summary>
    public const string BackendTlsHandshakeFailed = "backend_tls_handshake_failed";

    /// <summary>
    /// Counter: connections on the HTTPS listener closed before a TLS handshake completed: plain HTTP or other
    /// bytes, a stalled handshake, no shared version or cipher, a refused client certificate. Gorouter has no such
    /// metric (Go's server only logs a TLS handshake error); the name follows <see cref="BackendTlsHandshakeFailed"/>.
    /// </summary>
    public const string ClientTlsHandshakeFailed = "client_tls_handshake_failed";

    /// <summary>
    /// Counter: configuration reloads applied (SIGHUP, or a file change with <c>reload.watch_config_file</c>). Not a
    /// Gorouter metric: Gorouter reads its configuration only at start.
    /// </summary>
    public const string ConfigReloads = "config_reloads";

    /// <summary>Counter: configuration reloads refused (the new configuration did not load); the running one was kept. Not a Gorouter metric.</summary>
    public const string ConfigReloadFailures = "config_reload_failures";

    /// <summary>Counter: successful WebSocket upgrades (<c>WebsocketUpgrades</c>).</summary>
    public const string WebSocketUpgrades = "websocket_upgrades";

    /// <summary>Counter: failed WebSocket exchanges (<c>WebsocketFailures</c>).</summary>
    public const string WebSocketFailures = "websocket_failures";

    /// <summary>Counter, labels <see cref="ComponentLabel"/> and <see cref="ActionLabel"/>: register messages per URI (<c>RouteRegistration</c>).</summary>
    public const string RegistryMessage = "registry_message";

    /// <summary>Counter, label <see cref="ComponentLabel"/>: unregister messages per URI (<c>RouteUnregistration</c>).</summary>
    public const string UnregistryMessage = "unregistry_message";

    /// <summary>
    /// Counter: NATS messages on <c>router.register</c>/<c>router.unregister</c> dropped because they did not decode, and
    /// registrations applied with unusable load-balancing options (an unknown algorithm, hash without a header). Not a Gorouter metric (Gorouter only logs them); named after <see cref="RegistryMessage"/> so it sorts beside it.
    /// </summary>
    public const string RegistryMessageInvalid = "registry_message_invalid";

    /// <summary>
    /// Gauge: endpoints restored from the route snapshot at start-up (<c>route_snapshot_file</c>); absent when the
    /// snapshot is off. Not a Gorouter metric: Gorouter keeps no snapshot.
    /// </summary>
    public const string RouteSnapshotRestoredEndpoints = "route_snapshot_restored_endpoints";

    /// <summary>Counter: saves of the route snapshot that failed since start. Not a Gorouter metric.</summary>
    public const string RouteSnapshotSaveFailures = "route_snapshot_save_failures";

    /// <summary>
    /// Gauge: entries of the route snapshot skipped at start-up because they did not make a registration the table
    /// accepts; absent when the snapshot is off. Not a Gorouter metric.
    /// </summary>
    public const string RouteSnapshotSkippedEntries = "route_snapshot_skipped_entries";

    /// <summary>Counter: endpoints removed by pruning (<c>RoutesPruned</c>).</summary>
    public const string RoutesPruned = "routes_pruned";

    /// <summary>
    /// Counter: access-log lines meant for syslog (<c>access_log.enable_streaming</c>) that never reached the socket:
    /// the queue was full or a write failed. Not a Gorouter metric (Gorouter's writer blocks instead of dropping).
    /// </summary>
    public const string SyslogDroppedMessages = "syslog_dropped_messages";

    /// <summary>Counter: failed connects, TLS handshakes and writes to the syslog server. Not a Gorouter metric.</summary>
    public const string SyslogConnectionFailures = "syslog_connection_failures";

    /// <summary>
    /// Counter: malformed <c>b3</c>, <c>X-B3-*</c> or <c>traceparent</c> request headers, ignored or replaced as
    /// Gorouter does (<c>tracing.enable_zipkin</c>, <c>tracing.enable_w3c</c>). Not a Gorouter metric (Gorouter says nothing).
    /// </summary>
    public const string TraceHeadersMalformed = "trace_headers_malformed";

    /// <summary>Counter: spans dropped because the OTLP export queue (<c>tracing.otlp.max_queue_size</c>) was full. Not a Gorouter metric.</summary>
    public const string OtlpDroppedSpans = "otlp_dropped_spans";

    /// <summary>Counter: OTLP export batches, of spans or of metrics, that failed (refused, timed out, error status). Not a Gorouter metric.</summary>
    public const string OtlpExportFailures = "otlp_export_failures";

    /// <summary>Gauge: number of route keys (<c>TotalRoutes</c>).</summary>
    public const string TotalRoutes = "total_routes";

    /// <summary>Gauge in milliseconds since the last processed register message, -1 if none (<c>TimeSinceLastRegistryUpdate</c>).</summary>
    public const string MsSinceLastRegistryUpdate = "ms_since_last_registry_update";

    /// <summary>Histogram in milliseconds: now minus <c>endpoint_updated_at_ns</c> for newly added endpoints (<c>RouteRegistrationLatency</c>).</summary>
    public const string RouteRegistrationLatency = "route_registration_latency";

    /// <summary>Gauge: messages waiting in the <c>router.*</c> subscription (<c>NATSBufferedMessages</c>, docs/gorouter-compatibility.md §1.1).</summary>
    public const string BufferedMessages = "buffered_messages";

    /// <summary>Gauge: messages the <c>router.*</c> subscription dropped since start (<c>NATSDroppedMessages</c>, docs/gorouter-compatibility.md §1.1).</summary>
    public const string TotalDroppedMessages = "total_dropped_messages";

    /// <summary>
    /// Counter: times the NATS connection was lost (docs/gorouter-compatibility.md §1.1). Not in Gorouter, which only logs
    /// <c>nats-connection-disconnected</c> (<c>mbus/client.go</c>).
    /// </summary>
    public const string NatsDisconnects = "nats_disconnects";

    /// <summary>
    /// Counter: times the router connected to NATS again after losing it (docs/gorouter-compatibility.md §1.1). Not in
    /// Gorouter, which only logs <c>nats-connection-reconnected</c> (<c>mbus/client.go</c>).
    /// </summary>
    public const string NatsReconnects = "nats_reconnects";

    /// <summary>Gauge: entries in <c>/proc/self/fd</c> (<c>FoundFileDescriptors</c>).</summary>
    public const string FileDescriptors = "file_descriptors";

    /// <summary>Gauge in seconds since the process started; Gorouter's Envelope v1 name for the same value (docs/gorouter-compatibility.md §9).</summary>
    public const string Uptime = "uptime";

    /// <summary>Counter: user and system CPU seconds (client_golang process collector).</summary>
    public const string ProcessCpuSeconds = "process_cpu_seconds_total";

    /// <summary>Gauge: open file descriptors (client_golang process collector).</summary>
    public const string ProcessOpenFds = "process_open_fds";

    /// <summary>Gauge: soft limit on open file descriptors (client_golang process collector).</summary>
    public const string ProcessMaxFds = "process_max_fds";

    /// <summary>Gauge: resident set size in bytes (client_golang process collector).</summary>
    public const string ProcessResidentMemory = "process_resident_memory_bytes";

    /// <summary>Gauge: virtual memory size in bytes (client_golang process collector).</summary>
    public const string ProcessVirtualMemory = "process_virtual_memory_bytes";

    /// <summary>Gauge: process start time in seconds since the Unix epoch (client_golang process collector).</summary>
    public const string ProcessStartTime = "process_start_time_seconds";

    /// <summary>Counter, label <see cref="GenerationLabel"/>: garbage collections (the runtime's <c>dotnet.gc.collections</c>).</summary>
    public const string GcCollections = "dotnet_gc_collections_total";

    /// <summary>Counter: seconds the runtime was paused for garbage collection (the runtime's <c>dotnet.gc.pause.time</c>).</summary>
    public const string GcPauseTime = "dotnet_gc_pause_time_seconds_total";

    /// <summary>Gauge: bytes currently allocated on the managed heap (<see cref="GC.GetTotalMemory(bool)"/>).</summary>
    public const string GcHeapSize = "dotnet_gc_heap_size_bytes";

    /// <summary>Gauge: thread-pool threads (the runtime's <c>dotnet.thread_pool.thread.count</c>).</summary>
    public const string ThreadPoolThreads = "dotnet_thread_pool_thread_count";

    /// <summary>Gauge: work items queued to the thread pool (the runtime's <c>dotnet.thread_pool.queue.length</c>).</summary>
    public const string ThreadPoolQueueLength = "dotnet_thread_pool_queue_length";

    /// <summary>Label: the endpoint's <c>tags.component</c> from its registration, empty when absent.</summary>
    public const string ComponentLabel = "component";

    /// <summary>Label: <c>2xx</c>, <c>3xx</c>, <c>4xx</c>, <c>5xx</c>, or <c>xxx</c> for anything else (Gorouter <c>statusGroupName</c>).</summary>
    public const string StatusGroupLabel = "status_group";

    /// <summary>Label: what a register message did to the table: <c>added</c>, <c>updated</c> or <c>unmodified</c>.</summary>
    public const string ActionLabel = "action";

    /// <summary>Label: garbage-collector generation, <c>gen0</c>, <c>gen1</c>, <c>gen2</c>.</summary>
    public const string GenerationLabel = "gc_heap_generation";

    /// <summary>Label value of <see cref="ActionLabel"/>: the endpoint was new to the route.</summary>
    public const string ActionAdded = "added";

    /// <summary>Label value of <see cref="ActionLabel"/>: a known endpoint changed.</summary>
    public const string ActionUpdated = "updated";

    /// <summary>Label value of <see cref="ActionLabel"/>: a heartbeat for an unchanged endpoint.</summary>
    public const string ActionUnmodified = "unmodified";
}
