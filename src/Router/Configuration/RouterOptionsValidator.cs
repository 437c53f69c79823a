using System.Net;
using System.Net.Sockets;
using Conventions;
using RouteRegistry;

namespace Router.Configuration;

/// <summary>
/// Checks value ranges and combinations of a mapped <see cref="RouterOptions"/>, as Gorouter's
/// <c>config.Process</c> does at start-up, but collecting every problem instead of stopping at the
/// first. Each error names its key and the bad value.
/// </summary>
internal static partial class RouterOptionsValidator
{
    /// <summary>The fields <c>logging.extra_access_log_fields</c> may name (docs/gorouter-compatibility.md §8.4).</summary>
    public static readonly IReadOnlyList<string> ExtraAccessLogFieldNames =
        ["backend_time", "dial_time", "dns_time", "failed_attempts", "failed_attempts_time", "local_address", "tls_time"];

    public static IReadOnlyList<ConfigError> Validate(RouterOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<ConfigError>();
        AtLeastZero(errors, "index", o.Index);
        ValidateListeners(errors, o);
        ValidateClientTls(errors, o.ClientTls);
        ValidateNats(errors, o.Nats);
        ValidateDurations(errors, o);
        AtLeastZero(errors, "backends.max_conns", o.Backends.MaxConns);
        AtLeastZero(errors, "backends.max_attempts", o.Backends.MaxAttempts);
        ValidateBackendTls(errors, o.BackendTls, DateTimeOffset.UtcNow);
        ValidateRouteServices(errors, o.RouteServices);
        AtLeastZero(errors, "max_request_header_bytes", o.MaxRequestHeaderBytes);
        AtLeastZero(errors, "max_request_headers", o.MaxRequestHeaders);
        AtLeastZero(errors, "max_response_headers", o.MaxResponseHeaders);
        AtLeastZero(errors, "max_response_header_bytes", o.MaxResponseHeaderBytes);

        if (o.RoutingTableShardingMode == ShardingMode.Segments && o.IsolationSegments.Count == 0)
        {
            errors.Add(new ConfigError(
                "isolation_segments",
                "must list at least one segment when routing_table_sharding_mode is 'segments', got an empty list",
                ["routing_table_sharding_mode"]));
        }

        for (var i = 0; i < o.Logging.ExtraAccessLogFields.Count; i++)
        {
            var field = o.Logging.ExtraAccessLogFields[i];
            if (!ExtraAccessLogFieldNames.Contains(field, StringComparer.Ordinal))
            {
                errors.Add(new ConfigError(
                    $"logging.extra_access_log_fields[{i}]",
                    $"must be one of {string.Join(", ", ExtraAccessLogFieldNames)}, got {ConfigNode.Quote(field)}"));
            }
        }

        ValidateHeaderNames(errors, o);
        ValidateSyslog(errors, o);
        ValidateTracing(errors, o.Tracing);
        ValidateRouteSnapshot(errors, o.RouteSnapshotFile);
        return errors;
    }

    private static void ValidateDurations(List<ConfigError> errors, RouterOptions o)
    {
        AboveZero(errors, "nats_client_ping_interval", o.NatsClientPingInterval);
        AboveZero(errors, "droplet_stale_threshold", o.DropletStaleThreshold);
        AboveZero(errors, "endpoint_dial_timeout", o.EndpointDialTimeout);
        AboveZero(errors, "tls_handshake_timeout", o.TlsHandshakeTimeout);
        AboveZero(errors, "endpoint_keep_alive_probe_interval", o.EndpointKeepAliveProbeInterval);
        AboveZero(errors, "frontend_idle_timeout", o.FrontendIdleTimeout);
        AtLeastZero(errors, "prune_stale_droplets_interval", o.PruneStaleDropletsInterval);
        AtLeastZero(errors, "start_response_delay_interval", o.StartResponseDelayInterval);
        AtLeastZero(errors, "endpoint_timeout", o.EndpointTimeout);
        AtLeastZero(errors, "read_header_timeout", o.ReadHeaderTimeout);
        AtLeastZero(errors, "drain_wait", o.DrainWait);
        AtLeastZero(errors, "drain_timeout", o.DrainTimeout);
        AtLeastZero(errors, "empty_pool_timeout", o.EmptyPoolTimeout);
    }

    private static void ValidateListeners(List<ConfigError> errors, RouterOptions o)
    {
        if (!o.Status.EnableNonTlsHealthChecks)
        {
            errors.Add(new ConfigError(
                "status.enable_nontls_health_checks",
                "must be true: this router has no TLS health listener (status.tls is not supported), so no health listener would be left, got false"));
        }

        // (key of the port, port, key of the address, address) for each listener that will be opened.
        var listeners = new List<(string PortKey, int Port, string HostKey, string Host)>();
        if (!o.ClientTls.DisableHttp)
        {
            listeners.Add(("port", o.Port, "bind_address", o.BindAddress));
        }

        if (o.ClientTls.EnableSsl)
        {
            listeners.Add(("ssl_port", o.ClientTls.SslPort, "bind_address", o.BindAddress));
        }
        if (o.Status.EnableNonTlsHealthChecks)
        {
            listeners.Add(("status.port", o.Status.Port, "status.host", o.Status.Host));
        }

        listeners.Add(("status.routes.port", o.Status.Routes.Port, "status.routes.host", o.Status.Routes.Host));
        if (o.RouteServices is { Enabled: true, Hairpinning: true })
        {
            listeners.Add(("route_services_internal_server_port", o.RouteServices.InternalServerPort, "route_services_hairpinning", "127.0.0.1"));
        }

        if (o.Prometheus.Enabled)
        {
            listeners.Add(("prometheus.port", o.Prometheus.Port, "prometheus.host", o.Prometheus.Host));
            if (!o.Prometheus.Path.StartsWith('/'))
            {
                errors.Add(new ConfigError("prometheus.path", $"must start with '/', got {ConfigNode.Quote(o.Prometheus.Path)}"));
            }
        }

        for (var i = 0; i < listeners.Count; i++)
        {
            var (portKey, port, hostKey, host) = listeners[i];
            var portValid = IsPort(port);
            if (!portValid)
            {
                errors.Add(new ConfigError(portKey, $"must be between 1 and 65535, got {port}"));
            }

            var address = ParseAddress(host);
            if (address is null)
            {
                errors.Add(new ConfigError(hostKey, $"must be an IP address such as 0.0.0.0 or 127.0.0.1, got {ConfigNode.Quote(host)}"));
            }

            for (var j = 0; portValid && j < i; j++)
            {
                var (otherPortKey, otherPort, otherHostKey, otherHost) = listeners[j];
                if (otherPort == port && Overlap(address, ParseAddress(otherHost)))
                {
                    errors.Add(new ConfigError(
                        portKey,
                        $"{port} is already used by {otherPortKey}; every listener needs its own port",
                        [otherPortKey, hostKey, otherHostKey]));
                    break;
                }
            }
        }
    }

    private static void ValidateNats(List<ConfigError> errors, NatsConfig nats)
    {
        if (nats.Hosts.Count == 0)
        {
            errors.Add(new ConfigError("nats.hosts", "must list at least one NATS server, got an empty list"));
        }

        for (var i = 0; i < nats.Hosts.Count; i++)
        {
            var host = nats.Hosts[i];
            if (string.IsNullOrWhiteSpace(host.Hostname))
            {
                errors.Add(new ConfigError($"nats.hosts[{i}].hostname", $"must not be empty, got {ConfigNode.Quote(host.Hostname)}"));
            }

            if (!IsPort(host.Port))
            {
                errors.Add(new ConfigError($"nats.hosts[{i}].port", $"must be between 1 and 65535, got {host.Port}"));
            }
        }

        if (nats.TlsEnabled)
        {
            ValidateNatsTls(errors, nats);
        }
    }

    private static bool IsPort(int port) => port is >= 1 and <= 65535;

    /// <summary>
    /// An IP address, or null. Kestrel binds addresses, so host names are not accepted here; IPv4 needs
    /// all four parts, because the short forms IPAddress also parses ("127.1") are almost always typos.
    /// </summary>
    private static IPAddress? ParseAddress(string host) =>
        IPAddress.TryParse(host, out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || host.Count(c => c == '.') == 3)
            ? address
            : null;

    /// <summary>
    /// Two listeners on one port clash unless both bind distinct specific addresses; a wildcard
    /// (0.0.0.0, ::) takes the port on every address. An unparsable address is assumed to clash.
    /// </summary>
    private static bool Overlap(IPAddress? a, IPAddress? b) =>
        a is null || b is null || a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any)
        || b.Equals(IPAddress.Any) || b.Equals(IPAddress.IPv6Any) || a.Equals(b);

    private static void AtLeastZero(List<ConfigError> errors, string key, int value)
    {
        if (value < 0)
        {
            errors.Add(new ConfigError(key, $"must be >= 0, got {value}"));
        }
    }

    private static void AtLeastZero(List<ConfigError> errors, string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add(new ConfigError(key, $"must be >= 0, got {DurationParser.Format(value)}"));
        }
    }

    private static void AboveZero(List<ConfigError> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(new ConfigError(key, $"must be greater than 0, got {DurationParser.Format(value)}"));
        }
    }
}
