using RouteRegistry;

namespace Router.Configuration;

/// <summary>
/// The router's whole configuration, read from <c>router.yaml</c> with Gorouter's key names
/// (docs/gorouter-compatibility.md §8.5) by <see cref="RouterConfigLoader"/>. Defaults are Gorouter's Go defaults
/// (<c>config/config.go</c>) unless a property says otherwise; the key of each property is named in
/// its documentation. Durations are <see cref="TimeSpan"/>s. See <c>docs/configuration.md</c>.
/// </summary>
public sealed record RouterOptions
{
    /// <summary>Index of this router instance, reported in <c>router.start</c> (<c>index</c>). Default 0.</summary>
    public int Index { get; init; }

    /// <summary>Availability zone of this router (<c>zone</c>), used by <see cref="BalancingAlgorithmAzPreference"/>. Default empty.</summary>
    public string Zone { get; init; } = "";

    /// <summary>Address the proxy listener binds to (<c>bind_address</c>, a key of this router). Default <c>0.0.0.0</c>.</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>Port of the HTTP proxy listener (<c>port</c>). Default 8081 (BOSH: 80).</summary>
    public int Port { get; init; } = 8081;

    /// <summary>The health and <c>/routes</c> listeners (<c>status</c>).</summary>
    public StatusOptions Status { get; init; } = new();

    /// <summary>NATS servers and credentials (<c>nats</c>).</summary>
    public NatsConfig Nats { get; init; } = new();

    /// <summary>Interval of NATS client PINGs that detect a dead server (<c>nats_client_ping_interval</c>). Default 20 s.</summary>
    public TimeSpan NatsClientPingInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Maximum age of a non-TLS endpoint's last registration before pruning (<c>droplet_stale_threshold</c>).
    /// Default 120 s. Raised to <see cref="StartResponseDelayInterval"/> when that is longer, as Gorouter does.
    /// </summary>
    public TimeSpan DropletStaleThreshold { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Period of the stale-route prune cycle (<c>prune_stale_droplets_interval</c>). Default 30 s; 0 disables pruning.</summary>
    public TimeSpan PruneStaleDropletsInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Wait between subscribing to NATS and opening the proxy listener, so the route table fills first
    /// (<c>start_response_delay_interval</c>). Default 5 s (BOSH: 20 s).
    /// </summary>
    public TimeSpan StartResponseDelayInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Skip pruning while NATS is disconnected (<c>suspend_pruning_if_nats_unavailable</c>). Default false (BOSH: true).</summary>
    public bool SuspendPruningIfNatsUnavailable { get; init; }

    /// <summary>Default load-balancing algorithm (<c>balancing_algorithm</c>: <c>round-robin</c> or <c>least-connection</c>). Default round-robin.</summary>
    public LoadBalancingAlgorithm BalancingAlgorithm { get; init; } = LoadBalancingAlgorithm.RoundRobin;

    /// <summary>Availability-zone preference (<c>balancing_algorithm_az_preference</c>: <c>none</c> or <c>locally-optimistic</c>). Default none.</summary>
    public AvailabilityZonePreference BalancingAlgorithmAzPreference { get; init; } = AvailabilityZonePreference.None;

    /// <summary>Per-endpoint limits (<c>backends</c>).</summary>
    public BackendOptions Backends { get; init; } = new();

    /// <summary>Trusted roots and client certificate toward TLS endpoints (<c>ca_certs</c>, <c>backends.cert_chain</c>, <c>backends.private_key</c>).</summary>
    public BackendTlsOptions BackendTls { get; init; } = new();

    /// <summary>
    /// Deadline of one backend attempt, from its start to the end of the response body (<c>endpoint_timeout</c>).
    /// Default 60 s (BOSH: 900 s); 0 disables. Not applied to WebSocket upgrades.
    /// </summary>
    public TimeSpan EndpointTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>TCP connect timeout per backend attempt (<c>endpoint_dial_timeout</c>). Default 5 s.</summary>
    public TimeSpan EndpointDialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// TLS handshake timeout (<c>tls_handshake_timeout</c>): for backends, as in Gorouter, and for clients on the
    /// HTTPS listener, whose connection is closed when its handshake takes longer. Default 10 s.
    /// </summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval of TCP keep-alive probes on backend sockets (<c>endpoint_keep_alive_probe_interval</c>). Default 1 s.</summary>
    public TimeSpan EndpointKeepAliveProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Idle time after which a client keep-alive connection is closed (<c>frontend_idle_timeout</c>). Default 900 s.</summary>
    public TimeSpan FrontendIdleTimeout { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>Time allowed to read a client's request headers (<c>read_header_timeout</c>). Default 0 = no limit.</summary>
    public TimeSpan ReadHeaderTimeout { get; init; }

    /// <summary>
    /// After a drain signal, how long health answers 503 while requests are still served, before the
    /// proxy listener closes (<c>drain_wait</c>). Default 0 (BOSH: 20 s).
    /// </summary>
    public TimeSpan DrainWait { get; init; }

    /// <summary>
    /// Longest wait for active requests once the listener has closed (<c>drain_timeout</c>). Default 0,
    /// which means <see cref="EndpointTimeout"/>; use <see cref="EffectiveDrainTimeout"/>.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; }

    /// <summary>The drain timeout in force: <see cref="DrainTimeout"/>, or <see cref="EndpointTimeout"/> when that is 0.</summary>
    public TimeSpan EffectiveDrainTimeout => DrainTimeout == TimeSpan.Zero ? EndpointTimeout : DrainTimeout;

    /// <summary>
    /// Open a new backend connection for every request (<c>disable_keep_alives</c>). Default false: backend
    /// connections are pooled and reused, as every BOSH-deployed Gorouter runs (Gorouter's Go code defaults to
    /// true, which no production deployment uses).
    /// </summary>
    public bool DisableKeepAlives { get; init; }

    /// <summary>
    /// Keep the backend connection of an <c>Expect: 100-continue</c> request for reuse
    /// (<c>keep_alive_100_continue_requests</c>). Default false: such a request is sent with <c>Connection: close</c>,
    /// as Gorouter does for safety (<c>proxy/proxy.go</c>).
    /// </summary>
    public bool KeepAlive100ContinueRequests { get; init; }


    /// <summary>Cookie names that start a sticky session (<c>sticky_session_cookie_names</c>). Default <c>[JSESSIONID]</c>.</summary>
    public IReadOnlyList<string> StickySessionCookieNames { get; init; } = ["JSESSIONID"];

    /// <summary>
    /// Pin requests with <c>Authorization: Negotiate</c> to the instance of their <c>__VCAP_ID__</c> cookie, and set that
    /// cookie (60 s, <c>SameSite=Strict</c>) on answers with <c>WWW-Authenticate: Negotiate</c>
    /// (<c>sticky_sessions_for_auth_negotiate</c>, Gorouter <c>handlers/helpers.go</c>): a Kerberos/SPNEGO handshake
    /// spans several requests that must reach the same instance. Default false.
    /// </summary>
    public bool StickySessionsForAuthNegotiate { get; init; }

    /// <summary>Always mark the <c>__VCAP_ID__</c> cookie Secure (<c>secure_cookies</c>). Default false.</summary>
    public bool SecureCookies { get; init; }

    /// <summary>Answer 503 instead of 404 for a route that exists with no endpoints (<c>empty_pool_response_code_503</c>). Default false (BOSH: true).</summary>
    public bool EmptyPoolResponseCode503 { get; init; }

    /// <summary>
    /// How long a route emptied by unregistration lingers answering 503, when
    /// <see cref="EmptyPoolResponseCode503"/> is on (<c>empty_pool_timeout</c>). Default 0 = removed at once.
    /// </summary>
    public TimeSpan EmptyPoolTimeout { get; init; }

    /// <summary>Handling of <c>X-Forwarded-Client-Cert</c> (<c>forwarded_client_cert</c>). Default always_forward.</summary>
    public ForwardedClientCertMode ForwardedClientCert { get; init; } = ForwardedClientCertMode.AlwaysForward;

    /// <summary>Always send <c>X-Forwarded-Proto: https</c> to backends (<c>force_forwarded_proto_https</c>). Default false.</summary>
    public bool ForceForwardedProtoHttps { get; init; }

    /// <summary>Replace the client's <c>X-Forwarded-Proto</c> with the real scheme (<c>sanitize_forwarded_proto</c>). Default false.</summary>
    public bool SanitizeForwardedProto { get; init; }

    /// <summary>
    /// Header names deleted from the client's <c>Connection</c> header, so a client cannot make the proxy
    /// drop them (<c>hop_by_hop_headers_to_filter</c>). Default none.
    /// </summary>
    public IReadOnlyList<string> HopByHopHeadersToFilter { get; init; } = [];

    /// <summary>
    /// Secret that, sent as <c>X-Vcap-Trace</c>, makes the router add its own and the backend's address to
    /// the response (<c>trace_key</c>). Default empty = off.
    /// </summary>
    public string TraceKey { get; init; } = "";

    /// <summary>Trace-context headers (<c>tracing</c>).</summary>
    public TracingOptions Tracing { get; init; } = new();

    /// <summary>Process logging and access-log privacy (<c>logging</c>).</summary>
    public LoggingOptions Logging { get; init; } = new();

    /// <summary>Access-log destinations (<c>access_log</c>).</summary>
    public AccessLogOptions AccessLog { get; init; } = new();

    /// <summary>The syslog server the access log is streamed to with <c>access_log.enable_streaming</c> (<c>logging.syslog*</c>).</summary>
    public SyslogOptions Syslog { get; init; } = new();

    /// <summary>Request headers appended to each access-log line (<c>extra_headers_to_log</c>). Default none.</summary>
    public IReadOnlyList<string> ExtraHeadersToLog { get; init; } = [];

    /// <summary>The Prometheus metrics listener (<c>prometheus</c>).</summary>
    public PrometheusOptions Prometheus { get; init; } = new();

    /// <summary>
    /// Record the per-request histograms <c>latency</c>, <c>gorouter_time</c> and <c>route_lookup_time</c>
    /// (<c>per_request_metrics_reporting</c>). Counters are kept either way. Default true.
    /// </summary>
    public bool PerRequestMetricsReporting { get; init; } = true;

    /// <summary>
    /// A request on the proxy port with this <c>User-Agent</c> gets the health answer
    /// (<c>healthcheck_user_agent</c>). Default <c>HTTP-Monitor/1.1</c>.
    /// </summary>
    public string HealthcheckUserAgent { get; init; } = "HTTP-Monitor/1.1";

    /// <summary>
    /// Maximum size of a request's headers in bytes (<c>max_request_header_bytes</c>, older name
    /// <c>max_header_bytes</c>). Default 0 = 1 MiB; use <see cref="EffectiveMaxRequestHeaderBytes"/>.
    /// </summary>
    public int MaxRequestHeaderBytes { get; init; }

    /// <summary>The request-header size limit in force: <see cref="MaxRequestHeaderBytes"/>, or 1 MiB when that is 0.</summary>
    public int EffectiveMaxRequestHeaderBytes => MaxRequestHeaderBytes == 0 ? 1024 * 1024 : MaxRequestHeaderBytes;

    /// <summary>Maximum number of request headers (<c>max_request_headers</c>). Default 0 = unlimited.</summary>
    public int MaxRequestHeaders { get; init; }

    /// <summary>
    /// Maximum number of header lines in a backend's or route service's response (<c>max_response_headers</c>); more is
    /// answered 502. Default 0 = unlimited.
    /// </summary>
    public int MaxResponseHeaders { get; init; }

    /// <summary>
    /// Bytes of response headers the router reads from a backend or route service (<c>max_response_header_bytes</c>),
    /// rounded up to whole KiB. Default 0 = Go's transport default, 10 MiB (see <c>Http.OutgoingHandler.ResponseHeaderLimit</c>).
    /// </summary>
    public int MaxResponseHeaderBytes { get; init; }

    /// <summary>
    /// Which registrations the route table accepts, by isolation segment (<c>routing_table_sharding_mode</c>:
    /// <c>all</c>, <c>shared-and-segments</c>, <c>segments</c>). Default all.
    /// </summary>
    public ShardingMode RoutingTableShardingMode { get; init; } = ShardingMode.All;

    /// <summary>Isolation segments this router serves (<c>isolation_segments</c>). Default none.</summary>
    public IReadOnlyList<string> IsolationSegments { get; init; } = [];

    /// <summary>Header rewrites (<c>http_rewrite</c>).</summary>
    public HttpRewriteOptions HttpRewrite { get; init; } = new();

    /// <summary>File the process id is written to at start-up (<c>pid_file</c>). Default empty = none.</summary>
    public string PidFile { get; init; } = "";

    /// <summary>
    /// File the route table is saved to and restored from across restarts (<c>route_snapshot_file</c>, this router's
    /// own key, not Gorouter's; docs/operations.md "Restarts without a 404 window"). Default empty = off.
    /// </summary>
    public string RouteSnapshotFile { get; init; } = "";

    /// <summary>
    /// Allow HTTP/2 (<c>enable_http2</c>): Gorouter offers it to TLS clients and uses it to backends
    /// registered with <c>protocol: http2</c>. Default true.
    /// </summary>
    public bool EnableHttp2 { get; init; } = true;

    /// <summary>The HTTPS listener, client certificates and the PROXY protocol (<c>enable_ssl</c>, <c>tls_pem</c>, ...).</summary>
    public ClientTlsOptions ClientTls { get; init; } = new();

    /// <summary>Route services: the secret, signature checks, hairpinning and the route-service client (<c>route_services_*</c>).</summary>
    public RouteServicesOptions RouteServices { get; init; } = new();

    /// <summary>Reloading the configuration while running (<c>reload.*</c>, the router's own keys).</summary>
    public ReloadOptions Reload { get; init; } = new();
}
