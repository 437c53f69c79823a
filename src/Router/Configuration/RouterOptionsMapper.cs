using RouteRegistry;

namespace Router.Configuration;

/// <summary>
/// Maps the key tree into <see cref="RouterOptions"/>, one key at a time with its own type check.
/// Defaults come from the records themselves, so they live in one place. Value ranges and checks
/// across keys are <see cref="RouterOptionsValidator"/>'s job; this class only rejects values that
/// cannot be represented (wrong type, a name outside a fixed set).
/// </summary>
internal static partial class RouterOptionsMapper
{
    private static readonly (string, LoadBalancingAlgorithm)[] Algorithms =
    [
        ("round-robin", LoadBalancingAlgorithm.RoundRobin),
        ("least-connection", LoadBalancingAlgorithm.LeastConnection),
    ];

    private static readonly (string, AvailabilityZonePreference)[] AzPreferences =
    [
        ("none", AvailabilityZonePreference.None),
        ("locally-optimistic", AvailabilityZonePreference.LocallyOptimistic),
    ];

    private static readonly (string, ShardingMode)[] ShardingModes =
    [
        ("all", ShardingMode.All),
        ("shared-and-segments", ShardingMode.SharedAndSegments),
        ("segments", ShardingMode.Segments),
    ];

    private static readonly (string, ForwardedClientCertMode)[] ForwardedClientCertModes =
    [
        ("always_forward", ForwardedClientCertMode.AlwaysForward),
        ("forward", ForwardedClientCertMode.Forward),
        ("sanitize_set", ForwardedClientCertMode.SanitizeSet),
    ];

    public static RouterOptions Map(ConfigBinder b)
    {
        var d = new RouterOptions();
        var options = new RouterOptions
        {
            Index = b.Int("index", d.Index),
            Zone = b.String("zone", d.Zone),
            BindAddress = b.String("bind_address", d.BindAddress),
            Port = b.Int("port", d.Port),
            Status = MapStatus(b, d.Status),
            Nats = MapNats(b, d.Nats),
            NatsClientPingInterval = b.Duration("nats_client_ping_interval", d.NatsClientPingInterval),
            DropletStaleThreshold = b.Duration("droplet_stale_threshold", d.DropletStaleThreshold),
            PruneStaleDropletsInterval = b.Duration("prune_stale_droplets_interval", d.PruneStaleDropletsInterval),
            StartResponseDelayInterval = b.Duration("start_response_delay_interval", d.StartResponseDelayInterval),
            SuspendPruningIfNatsUnavailable = b.Bool("suspend_pruning_if_nats_unavailable", d.SuspendPruningIfNatsUnavailable),
            BalancingAlgorithm = b.Choice("balancing_algorithm", d.BalancingAlgorithm, Algorithms),
            BalancingAlgorithmAzPreference = b.Choice("balancing_algorithm_az_preference", d.BalancingAlgorithmAzPreference, AzPreferences),
            Backends = new BackendOptions
            {
                MaxConns = b.Int("backends.max_conns", d.Backends.MaxConns),
                MaxAttempts = b.Int("backends.max_attempts", d.Backends.MaxAttempts),
            },
            BackendTls = MapBackendTls(b, d.BackendTls),
            EndpointTimeout = b.Duration("endpoint_timeout", d.EndpointTimeout),
            EndpointDialTimeout = b.Duration("endpoint_dial_timeout", d.EndpointDialTimeout),
            TlsHandshakeTimeout = b.Duration("tls_handshake_timeout", d.TlsHandshakeTimeout),
            EndpointKeepAliveProbeInterval = b.Duration("endpoint_keep_alive_probe_interval", d.EndpointKeepAliveProbeInterval),
            FrontendIdleTimeout = b.Duration("frontend_idle_timeout", d.FrontendIdleTimeout),
            ReadHeaderTimeout = b.Duration("read_header_timeout", d.ReadHeaderTimeout),
            DrainWait = b.Duration("drain_wait", d.DrainWait),
            DrainTimeout = b.Duration("drain_timeout", d.DrainTimeout),
            DisableKeepAlives = b.Bool("disable_keep_alives", d.DisableKeepAlives),
            KeepAlive100ContinueRequests = b.Bool("keep_alive_100_continue_requests", d.KeepAlive100ContinueRequests),

            // Gorouter keeps these in a set, so a repeated name counts once.
            StickySessionCookieNames = Distinct(b.StringList("sticky_session_cookie_names", d.StickySessionCookieNames)),
            SecureCookies = b.Bool("secure_cookies", d.SecureCookies),
            StickySessionsForAuthNegotiate = b.Bool("sticky_sessions_for_auth_negotiate", d.StickySessionsForAuthNegotiate),
            EmptyPoolResponseCode503 = b.Bool("empty_pool_response_code_503", d.EmptyPoolResponseCode503),
            EmptyPoolTimeout = b.Duration("empty_pool_timeout", d.EmptyPoolTimeout),
            ForwardedClientCert = b.Choice("forwarded_client_cert", d.ForwardedClientCert, ForwardedClientCertModes),
            ForceForwardedProtoHttps = b.Bool("force_forwarded_proto_https", d.ForceForwardedProtoHttps),
            SanitizeForwardedProto = b.Bool("sanitize_forwarded_proto", d.SanitizeForwardedProto),
            HopByHopHeadersToFilter = b.StringList("hop_by_hop_headers_to_filter", d.HopByHopHeadersToFilter),
            TraceKey = b.String("trace_key", d.TraceKey),
            Tracing = MapTracing(b, d.Tracing),
            Logging = MapLogging(b, d.Logging),
            AccessLog = new AccessLogOptions
            {
                File = b.String("access_log.file", d.AccessLog.File),
                Stdout = b.Bool("access_log.stdout", d.AccessLog.Stdout),
                EnableStreaming = b.Bool("access_log.enable_streaming", d.AccessLog.EnableStreaming),
            },
            Syslog = MapSyslog(b, d.Syslog),
            ExtraHeadersToLog = b.StringList("extra_headers_to_log", d.ExtraHeadersToLog),
            Prometheus = new PrometheusOptions
            {
                Enabled = b.Bool("prometheus.enabled", d.Prometheus.Enabled),
                Host = b.String("prometheus.host", d.Prometheus.Host),
                Port = b.Int("prometheus.port", d.Prometheus.Port),
                Path = b.String("prometheus.path", d.Prometheus.Path),
            },
            HealthcheckUserAgent = b.String("healthcheck_user_agent", d.HealthcheckUserAgent),
            PerRequestMetricsReporting = b.Bool("per_request_metrics_reporting", d.PerRequestMetricsReporting),
            MaxRequestHeaderBytes = WarnAboveOneMebibyte(b, MapMaxRequestHeaderBytes(b, d.MaxRequestHeaderBytes)),
            MaxRequestHeaders = b.Int("max_request_headers", d.MaxRequestHeaders),
            MaxResponseHeaders = b.Int("max_response_headers", d.MaxResponseHeaders),
            MaxResponseHeaderBytes = b.Int("max_response_header_bytes", d.MaxResponseHeaderBytes),
            RoutingTableShardingMode = b.Choice("routing_table_sharding_mode", d.RoutingTableShardingMode, ShardingModes),
            IsolationSegments = b.StringList("isolation_segments", d.IsolationSegments),
            HttpRewrite = MapHttpRewrite(b),
            PidFile = b.String("pid_file", d.PidFile),
            RouteSnapshotFile = b.String("route_snapshot_file", d.RouteSnapshotFile),
            EnableHttp2 = b.Bool("enable_http2", d.EnableHttp2),
            ClientTls = MapClientTls(b),
            RouteServices = MapRouteServices(b, d.RouteServices),
            Reload = MapReload(b, d.Reload),
        };

        // As Gorouter's config.Process: routes registered while the router waits to open its listener
        // must not go stale before it opens.
        return options.StartResponseDelayInterval > options.DropletStaleThreshold
            ? options with { DropletStaleThreshold = options.StartResponseDelayInterval }
            : options;
    }

    private static StatusOptions MapStatus(ConfigBinder b, StatusOptions d) => new()
    {
        Host = b.String("status.host", d.Host),
        Port = b.Int("status.port", d.Port),
        User = b.String("status.user", d.User),
        Pass = b.String("status.pass", d.Pass),
        Routes = new StatusRoutesOptions
        {
            Host = b.String("status.routes.host", d.Routes.Host),
            Port = b.Int("status.routes.port", d.Routes.Port),
        },
        EnableNonTlsHealthChecks = b.Bool("status.enable_nontls_health_checks", d.EnableNonTlsHealthChecks),
    };

    /// <summary>As Gorouter (<c>handlers/max_request_size.go</c>): a limit above 1 MiB works as 1 MiB, with a warning.</summary>
    private static int WarnAboveOneMebibyte(ConfigBinder b, int value)
    {
        if (value > Http.RequestSizeLimit.OneMebibyte)
        {
            b.Warnings.Add($"max_request_header_bytes: {value} is above the 1 MiB cap and works as {Http.RequestSizeLimit.OneMebibyte}");
        }

        return value;
    }

    /// <summary><c>max_header_bytes</c> is the older name of <c>max_request_header_bytes</c>.</summary>
    private static int MapMaxRequestHeaderBytes(ConfigBinder b, int defaultValue)
    {
        var legacy = b.Find("max_header_bytes");
        if (b.IsSet("max_request_header_bytes"))
        {
            if (legacy is not null)
            {
                b.Warnings.Add($"max_header_bytes: older name of max_request_header_bytes, which is also set and wins; ignored ({legacy.KeyOrigin})");
            }

            return b.Int("max_request_header_bytes", defaultValue);
        }

        if (legacy is null)
        {
            return defaultValue;
        }

        b.Warnings.Add($"max_header_bytes: older name, read as max_request_header_bytes ({legacy.KeyOrigin})");
        return b.Int("max_header_bytes", defaultValue);
    }

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string> values) =>
        values.Distinct(StringComparer.Ordinal).Count() == values.Count
            ? values
            : values.Distinct(StringComparer.Ordinal).ToList().AsReadOnly();
}
