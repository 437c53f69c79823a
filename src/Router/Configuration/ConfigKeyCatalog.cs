namespace Router.Configuration;

/// <summary>
/// Gorouter keys this router reads but does not act on. Supported keys need no list: they are the keys
/// <see cref="RouterOptionsMapper"/> reads. A key listed here covers everything below it
/// (<c>routing_api</c> covers <c>routing_api.uri</c>). Keep <c>docs/configuration.md</c> in step.
/// </summary>
internal static class ConfigKeyCatalog
{
    /// <summary>
    /// Gorouter features this router does not implement yet. Present keys are accepted and each is named
    /// once in a warning, so that a Gorouter file loads unchanged and the operator sees what is ignored.
    /// </summary>
    public static readonly IReadOnlySet<string> Unsupported = new HashSet<string>(StringComparer.Ordinal)
    {
        // Client-certificate subject allow-lists and the TLS health listener.
        "enable_verify_client_certificate_metadata", "verify_client_certificate_metadata", "status.tls",
        "enable_http1_concurrent_read_write",
        "http_1_endpoint_timeout", "http_2_endpoint_timeout",
        "html_error_template_file", "status.enable_deprecated_varz_healthz_endpoints",

        // Idle-connection caps of Go's transport: SocketsHttpHandler has no limit on idle connections (see
        // docs/configuration.md); idle backend connections close after 90 s instead.
        "max_idle_conns", "max_idle_conns_per_host",

        // The Routing API and its UAA client.
        "routing_api", "oauth", "token_fetcher_max_retries", "token_fetcher_retry_interval",
        "token_fetcher_expiration_buffer_time",

        // Go runtime and Cloud Foundry logging/metrics plumbing.
        "go_max_procs", "debug_addr",
        "logging.loggregator_enabled", "logging.metron_address",
        "prometheus.cert_path", "prometheus.key_path", "prometheus.ca_path", "prometheus.meters",
        "enable_envelope_v1_metrics", "send_http_start_stop_server_event",
        "send_http_start_stop_client_event", "per_app_prometheus_http_metrics_reporting",
        "route_latency_metric_muzzle_duration", "healthcheck_poll_interval", "healthcheck_timeout",
    };

    /// <summary>
    /// Keys Gorouter itself parses and never uses (docs/gorouter-compatibility.md §8.5 "parsed, unused"). They are accepted
    /// silently: ignoring them is exactly Gorouter's behaviour.
    /// </summary>
    public static readonly IReadOnlySet<string> IgnoredByGorouter = new HashSet<string>(StringComparer.Ordinal)
    {
        "publish_start_message_interval", "load_balancer_healthy_threshold", "websocket_dial_timeout",
        "publish_active_apps_interval",
    };
}
