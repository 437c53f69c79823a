namespace Router.Tests.Configuration;

/// <summary>
/// A gorouter.yml as the routing-release BOSH job renders it for a production foundation (values
/// follow the job's spec defaults; addresses and secrets invented). It contains keys this router
/// supports and keys it does not, and must load unchanged.
/// </summary>
internal static class GorouterBoshSample
{
    public const string Yaml = """
        ---
        status:
          host: 0.0.0.0
          port: 8080
          user: router-status
          pass: "Zq8vT2wLk5mN"
          enable_nontls_health_checks: true
          enable_deprecated_varz_healthz_endpoints: false
          routes:
            port: 8082
          tls:
            port: 8443
            certificate: |
              -----BEGIN CERTIFICATE-----
              MIIBszCCAVmgAwIBAgIUQmFzZTY0IGVuY29kZWQgdGVzdCBjZXJ0MAoGCCqGSM49
              -----END CERTIFICATE-----
            key: |
              -----BEGIN EC PRIVATE KEY-----
              MHcCAQEEIBase64EncodedTestKeyMaterialOnlyForParsingTests00000oAoG
              -----END EC PRIVATE KEY-----
        nats:
          tls_enabled: false
          ca_certs: ""
          cert_chain: ""
          private_key: ""
          user: nats
          pass: "n4tsP4ssw0rd"
          hosts:
          - hostname: 10.0.16.5
            port: 4222
          - hostname: 10.0.16.6
            port: 4222
        logging:
          syslog: vcap.gorouter
          syslog_addr: localhost:514
          syslog_network: udp
          level: info
          loggregator_enabled: true
          metron_address: localhost:3457
          disable_log_forwarded_for: false
          disable_log_source_ip: false
          redact_query_params: hash
          format:
            timestamp: rfc3339
          extra_access_log_fields:
          - failed_attempts
          - backend_time
        tracing:
          enable_zipkin: true
          enable_w3c: true
          w3c_tenant_id: "tenant-1"
        port: 80
        index: 2
        zone: z1
        go_max_procs: -1
        trace_key: "22"
        debug_addr: 127.0.0.1:17002
        secure_cookies: false
        sticky_session_cookie_names:
        - JSESSIONID
        - SESSION
        sticky_sessions_for_auth_negotiate: false
        access_log:
          file: /var/vcap/sys/log/gorouter/access.log
          enable_streaming: false
        publish_start_message_interval: 30s
        prune_stale_droplets_interval: 30s
        droplet_stale_threshold: 120s
        publish_active_apps_interval: 0s
        suspend_pruning_if_nats_unavailable: true
        disable_keep_alives: false
        max_idle_conns: 100
        max_idle_conns_per_host: 100
        backends:
          max_attempts: 3
          max_conns: 500
          # The job renders the sidecar client certificate here; loading real ones is BackendTlsValidationTests' part.
          cert_chain: ""
          private_key: ""
        route_services:
          max_attempts: 3
          cert_chain: ""
          private_key: ""
          strict_signature_validation: false
        oauth:
          token_endpoint: uaa.service.cf.internal
          client_name: gorouter
          client_secret: "uaaS3cret"
          port: 8443
          skip_ssl_validation: false
        routing_api:
          uri: https://routing-api.service.cf.internal
          port: 3001
          auth_disabled: false
        drain_wait: 20s
        drain_timeout: 900s
        healthcheck_user_agent: HTTP-Monitor/1.1
        endpoint_timeout: 900s
        endpoint_dial_timeout: 5s
        websocket_dial_timeout: 5s
        tls_handshake_timeout: 10s
        endpoint_keep_alive_probe_interval: 1s
        frontend_idle_timeout: 900s
        read_header_timeout: 0s
        start_response_delay_interval: 20s
        load_balancer_healthy_threshold: 20s
        balancing_algorithm: least-connection
        balancing_algorithm_az_preference: locally-optimistic
        enable_ssl: false
        ssl_port: 443
        disable_http: false
        enable_http2: true
        enable_http1_concurrent_read_write: false
        min_tls_version: TLSv1.2
        max_tls_version: TLSv1.2
        cipher_suites: ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
        client_cert_validation: request
        only_trust_client_ca_certs: false
        client_ca_certs: ""
        ca_certs: []
        skip_ssl_validation: false
        forwarded_client_cert: sanitize_set
        force_forwarded_proto_https: false
        sanitize_forwarded_proto: true
        hop_by_hop_headers_to_filter: ["X-Forwarded-For", "X-Forwarded-Proto", "B3", "X-B3", "X-B3-SpanID", "X-B3-TraceID", "X-Request-Start", "X-Forwarded-Client-Cert"]
        isolation_segments: ["iso-seg-1", "iso-seg-2"]
        routing_table_sharding_mode: shared-and-segments
        route_services_timeout: 60s
        route_services_secret: "rs-secret"
        route_services_secret_decrypt_only: ""
        route_services_recommend_https: true
        route_services_hairpinning: false
        route_services_hairpinning_allowlist: []
        route_services_internal_server_port: 7070
        extra_headers_to_log: [X-B3-TraceId, User-Agent]
        token_fetcher_max_retries: 3
        token_fetcher_retry_interval: 5s
        token_fetcher_expiration_buffer_time: 30
        enable_proxy: false
        pid_file: /var/vcap/sys/run/bpm/gorouter/gorouter.pid
        max_request_header_bytes: 1048576
        max_response_header_bytes: 0
        keep_alive_100_continue_requests: false
        empty_pool_response_code_503: true
        empty_pool_timeout: 10s
        html_error_template_file: ""
        per_request_metrics_reporting: true
        send_http_start_stop_server_event: true
        send_http_start_stop_client_event: true
        per_app_prometheus_http_metrics_reporting: false
        enable_envelope_v1_metrics: true
        route_latency_metric_muzzle_duration: 30s
        prometheus:
          enabled: true
          port: 9091
          cert_path: /var/vcap/jobs/gorouter/config/certs/prometheus/prometheus.crt
          key_path: /var/vcap/jobs/gorouter/config/certs/prometheus/prometheus.key
          ca_path: /var/vcap/jobs/gorouter/config/certs/prometheus/prometheus_ca.crt
        http_rewrite:
          responses:
            add_headers_if_not_present:
            - name: Strict-Transport-Security
              value: max-age=31536000; includeSubDomains; preload
            remove_headers:
            - name: X-Powered-By
            - name: Server
        """;

    /// <summary>The keys of <see cref="Yaml"/> this router does not support, each expected in exactly one warning.</summary>
    public static readonly string[] UnsupportedKeys =
    [
        "status.enable_deprecated_varz_healthz_endpoints", "status.tls",
        "logging.loggregator_enabled", "logging.metron_address",
        "go_max_procs", "debug_addr",
        "oauth", "routing_api",
        "enable_http1_concurrent_read_write", "token_fetcher_max_retries", "token_fetcher_retry_interval",
        "token_fetcher_expiration_buffer_time",
        "max_idle_conns", "max_idle_conns_per_host",
        "html_error_template_file",
        "send_http_start_stop_server_event", "send_http_start_stop_client_event",
        "per_app_prometheus_http_metrics_reporting", "enable_envelope_v1_metrics", "route_latency_metric_muzzle_duration",
        "prometheus.cert_path", "prometheus.key_path", "prometheus.ca_path",
    ];
}
