using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public class ValidationTests
{
    [Theory]
    [InlineData("port: abc", "port: expected an integer, got 'abc' (at router.yaml:1:7)")]
    [InlineData("port: 8081.5", "port: expected an integer, got '8081.5' (at router.yaml:1:7)")]
    [InlineData("port: [80]", "port: expected an integer, got a list (at router.yaml:1:7)")]
    [InlineData("enable_http2: maybe", "enable_http2: expected true or false, got 'maybe' (at router.yaml:1:15)")]
    [InlineData("endpoint_timeout: soon", "endpoint_timeout: expected a duration such as 5s, 1m30s or 500ms (a bare number means seconds), got 'soon' (at router.yaml:1:19)")]
    [InlineData("trace_key: {a: b}", "trace_key: expected a string, got a mapping (at router.yaml:1:12)")]
    [InlineData("status: 8080", "status: expected a mapping, got '8080' (at router.yaml:1:9)")]
    [InlineData("isolation_segments: seg1", "isolation_segments: expected a list, got 'seg1' (at router.yaml:1:21)")]
    [InlineData("isolation_segments: [a, [b]]", "isolation_segments[1]: expected a string, got a list (at router.yaml:1:25)")]
    [InlineData("nats:\n  hosts: [nats1]", "nats.hosts[0]: expected a mapping, got 'nats1' (at router.yaml:2:11)")]
    [InlineData("nats:\n  hosts:\n  - hostname: n\n    port: x", "nats.hosts[0].port: expected an integer, got 'x' (at router.yaml:4:11)")]
    public void LoadFromYaml_WrongType_ErrorNamesKeyValueAndPosition(string yaml, string expected)
    {
        Assert.Equal([expected], Errors(yaml));
    }

    [Theory]
    [InlineData("balancing_algorithm: random", "balancing_algorithm: must be one of round-robin, least-connection, got 'random'")]
    [InlineData("balancing_algorithm: Round-Robin", "balancing_algorithm: must be one of round-robin, least-connection, got 'Round-Robin'")]
    [InlineData("balancing_algorithm: hash", "balancing_algorithm: must be one of round-robin, least-connection, got 'hash'")]
    [InlineData("balancing_algorithm_az_preference: nearest", "balancing_algorithm_az_preference: must be one of none, locally-optimistic, got 'nearest'")]
    [InlineData("routing_table_sharding_mode: some", "routing_table_sharding_mode: must be one of all, shared-and-segments, segments, got 'some'")]
    [InlineData("forwarded_client_cert: drop", "forwarded_client_cert: must be one of always_forward, forward, sanitize_set, got 'drop'")]
    [InlineData("logging:\n  redact_query_params: some", "logging.redact_query_params: must be one of none, all, hash, got 'some'")]
    [InlineData("logging:\n  level: verbose", "logging.level: must be one of debug, info, warn, error, fatal, got 'verbose'")]
    [InlineData("logging:\n  format:\n    timestamp: iso", "logging.format.timestamp: must be one of unix-epoch, rfc3339, got 'iso'")]
    [InlineData("tracing:\n  w3c_tenant_id: Tenant One", "tracing.w3c_tenant_id: must be 1 to 241 characters of a-z, 0-9, _, -, *, / starting with a letter or digit, got 'Tenant One'")]
    [InlineData("tracing:\n  otlp:\n    enabled: true\n    sampling_ratio: 1.5", "tracing.otlp.sampling_ratio: must be between 0 and 1, got 1.5")]
    [InlineData("tracing:\n  otlp:\n    enabled: true\n    endpoint: ftp://collector", "tracing.otlp.endpoint: must be an http or https URL without a query, got 'ftp://collector'")]
    [InlineData("tracing:\n  otlp:\n    enabled: true\n    max_queue_size: 0", "tracing.otlp.max_queue_size: must be >= 1, got 0")]
    [InlineData("tracing:\n  otlp:\n    sampling_ratio: half", "tracing.otlp.sampling_ratio: expected a number, got 'half'")]
    [InlineData("tracing:\n  enable_w3c: sometimes", "tracing.enable_w3c: expected true or false, got 'sometimes' (at router.yaml:2:15)")]
    [InlineData("logging:\n  extra_access_log_fields: [dial_time, rtt]", "logging.extra_access_log_fields[1]: must be one of backend_time, dial_time, dns_time, failed_attempts, failed_attempts_time, local_address, tls_time, got 'rtt'")]
    public void LoadFromYaml_ValueOutsideFixedSet_ErrorListsAllowedValues(string yaml, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Assert.Single(Errors(yaml)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("index", "-1")]
    [InlineData("max_request_header_bytes", "-1")]
    [InlineData("max_request_headers", "-1")]
    [InlineData("max_response_headers", "-1")]
    [InlineData("max_response_header_bytes", "-1")]
    public void LoadFromYaml_NegativeCount_ErrorNamesKey(string key, string value)
    {
        Assert.Equal([$"{key}: must be >= 0, got {value} (at router.yaml:1:{key.Length + 3})"], Errors($"{key}: {value}"));
    }

    [Theory]
    [InlineData("max_conns")]
    [InlineData("max_attempts")]
    public void LoadFromYaml_NegativeBackendLimit_ErrorNamesNestedKey(string key)
    {
        Assert.Equal([$"backends.{key}: must be >= 0, got -1 (at router.yaml:2:{key.Length + 5})"], Errors($"backends:\n  {key}: -1"));
    }

    [Theory]
    [InlineData("nats_client_ping_interval")]
    [InlineData("droplet_stale_threshold")]
    [InlineData("endpoint_dial_timeout")]
    [InlineData("tls_handshake_timeout")]
    [InlineData("endpoint_keep_alive_probe_interval")]
    [InlineData("frontend_idle_timeout")]
    public void LoadFromYaml_ZeroForPositiveDuration_ErrorNamesKey(string key)
    {
        // The start delay would otherwise raise a zero stale threshold to itself, as in Gorouter.
        var yaml = $"{key}: 0s\nstart_response_delay_interval: 0s\n";

        Assert.StartsWith($"{key}: must be greater than 0, got 0s", Assert.Single(Errors(yaml)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prune_stale_droplets_interval")]
    [InlineData("start_response_delay_interval")]
    [InlineData("endpoint_timeout")]
    [InlineData("read_header_timeout")]
    [InlineData("drain_wait")]
    [InlineData("drain_timeout")]
    [InlineData("empty_pool_timeout")]
    public void LoadFromYaml_NegativeDuration_ErrorNamesKey(string key)
    {
        Assert.StartsWith($"{key}: must be >= 0, got -1m30s", Assert.Single(Errors($"{key}: -1m30s")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prune_stale_droplets_interval")]
    [InlineData("start_response_delay_interval")]
    [InlineData("endpoint_timeout")]
    [InlineData("read_header_timeout")]
    [InlineData("drain_wait")]
    [InlineData("drain_timeout")]
    [InlineData("empty_pool_timeout")]
    public void LoadFromYaml_ZeroForNonNegativeDuration_Loads(string key)
    {
        var result = Load($"{key}: 0");

        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void LoadFromYaml_SegmentsModeWithoutSegments_ErrorNamesIsolationSegments()
    {
        var errors = Errors("routing_table_sharding_mode: segments\nisolation_segments: []\n");

        Assert.Equal(
            ["isolation_segments: must list at least one segment when routing_table_sharding_mode is 'segments', got an empty list (at router.yaml:2:21)"],
            errors);
    }

    [Fact]
    public void LoadFromYaml_SegmentsModeWithSegments_Loads()
    {
        Assert.Equal(["is1"], Load("routing_table_sharding_mode: segments\nisolation_segments: [is1]\n").Options.IsolationSegments);
    }

    [Theory]
    [InlineData("port: 0", "port: must be between 1 and 65535, got 0")]
    [InlineData("port: 65536", "port: must be between 1 and 65535, got 65536")]
    [InlineData("status:\n  port: -5", "status.port: must be between 1 and 65535, got -5")]
    [InlineData("status:\n  routes:\n    port: 70000", "status.routes.port: must be between 1 and 65535, got 70000")]
    [InlineData("prometheus:\n  enabled: true\n  port: 0", "prometheus.port: must be between 1 and 65535, got 0")]
    [InlineData("nats:\n  hosts:\n  - hostname: n\n    port: 0", "nats.hosts[0].port: must be between 1 and 65535, got 0")]
    public void LoadFromYaml_PortOutOfRange_ErrorNamesKey(string yaml, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Assert.Single(Errors(yaml)), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_DisabledPrometheusWithPortZero_Loads()
    {
        Assert.False(Load("prometheus:\n  enabled: false\n  port: 0\n").Options.Prometheus.Enabled);
    }

    [Theory]
    [InlineData("port: 8080", "status.port: 8080 is already used by port")]
    [InlineData("status:\n  routes:\n    port: 8080", "status.routes.port: 8080 is already used by status.port")]
    [InlineData("prometheus:\n  enabled: true\n  port: 8081", "prometheus.port: 8081 is already used by port")]
    [InlineData("prometheus:\n  enabled: true\n  port: 8082", "prometheus.port: 8082 is already used by status.routes.port")]
    public void LoadFromYaml_ListenerPortsCollide_ErrorNamesBothKeys(string yaml, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Assert.Single(Errors(yaml)), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_SamePortOnDistinctSpecificAddresses_Loads()
    {
        var o = Load("bind_address: 127.0.0.2\nport: 8082\n").Options;

        Assert.Equal(8082, o.Port);
    }

    [Fact]
    public void LoadFromYaml_CollisionWithUnparsablePort_ReportsOnlyTheParseError()
    {
        Assert.Equal(["port: expected an integer, got 'http' (at router.yaml:1:7)"], Errors("port: http\nstatus:\n  port: 8081\n"));
    }

    [Theory]
    [InlineData("bind_address: localhost", "bind_address: must be an IP address such as 0.0.0.0 or 127.0.0.1, got 'localhost'")]
    [InlineData("status:\n  host: any", "status.host: must be an IP address")]
    [InlineData("status:\n  routes:\n    host: 127.0.0", "status.routes.host: must be an IP address")]
    [InlineData("prometheus:\n  enabled: true\n  host: metrics", "prometheus.host: must be an IP address")]
    [InlineData("prometheus:\n  enabled: true\n  path: metrics", "prometheus.path: must start with '/', got 'metrics'")]
    [InlineData("status:\n  enable_nontls_health_checks: false", "status.enable_nontls_health_checks: must be true")]
    [InlineData("disable_http: true", "disable_http: must be false")]
    [InlineData("nats:\n  hosts: []", "nats.hosts: must list at least one NATS server, got an empty list")]
    [InlineData("nats:\n  hosts:\n  - port: 4222", "nats.hosts[0].hostname: must not be empty, got ''")]
    [InlineData("sticky_session_cookie_names: ['bad name']", "sticky_session_cookie_names[0]: must be a header or cookie name")]
    [InlineData("hop_by_hop_headers_to_filter: ['X-A:']", "hop_by_hop_headers_to_filter[0]: must be a header or cookie name")]
    [InlineData("extra_headers_to_log: ['']", "extra_headers_to_log[0]: must be a header or cookie name")]
    [InlineData("http_rewrite:\n  responses:\n    remove_headers:\n    - name: ''", "http_rewrite.responses.remove_headers[0].name: must be a header or cookie name")]
    [InlineData("http_rewrite:\n  responses:\n    add_headers_if_not_present:\n    - value: x", "http_rewrite.responses.add_headers_if_not_present[0].name: must be a header or cookie name")]
    [InlineData("http_rewrite:\n  responses:\n    add_headers_if_not_present:\n    - name: X-A\n      value: \"a\\nb\"", "http_rewrite.responses.add_headers_if_not_present[0].value: must not contain control characters")]
    public void LoadFromYaml_InvalidValue_ErrorNamesKey(string yaml, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Assert.Single(Errors(yaml)), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_ManyProblems_AllReportedTogether()
    {
        const string Yaml = """
            port: abc
            balancing_algorithm: random
            backends:
              max_conns: -1
              max_attempts: many
            endpoint_timeout: forever
            routing_table_sharding_mode: segments
            logging:
              level: loud
            status:
              port: 8082
            """;

        var ex = Assert.Throws<Router.Configuration.RouterConfigException>(() => Load(Yaml));

        Assert.Equal(
            [
                "port: expected an integer, got 'abc' (at router.yaml:1:7)",
                "balancing_algorithm: must be one of round-robin, least-connection, got 'random' (at router.yaml:2:22)",
                "backends.max_attempts: expected an integer, got 'many' (at router.yaml:5:17)",
                "endpoint_timeout: expected a duration such as 5s, 1m30s or 500ms (a bare number means seconds), got 'forever' (at router.yaml:6:19)",
                "logging.level: must be one of debug, info, warn, error, fatal, got 'loud' (at router.yaml:9:10)",
                "status.routes.port: 8082 is already used by status.port; every listener needs its own port",
                "backends.max_conns: must be >= 0, got -1 (at router.yaml:4:14)",
                "isolation_segments: must list at least one segment when routing_table_sharding_mode is 'segments', got an empty list",
            ],
            ex.Errors);
        Assert.StartsWith("Error loading config router.yaml: 8 errors:", ex.Message, StringComparison.Ordinal);
    }
}
