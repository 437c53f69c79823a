using Microsoft.Extensions.Logging;

namespace RouteEmitterClient;

/// <summary>
/// Settings of a <see cref="RouteEmitter"/>: where NATS is, and what to register (the fields of Gorouter's
/// registration message, docs/gorouter-compatibility.md §1.3). A <see cref="RouteEmitter"/> copies them when it is created, so changing
/// this object later has no effect on it; use <see cref="RouteEmitter.ChangeRegistrationAsync"/> instead.
/// </summary>
public sealed record RouteEmitterOptions
{
    /// <summary>
    /// NATS servers as <c>nats://[user:pass@]host:port</c> (<c>tls://</c> to require TLS). Tried in random order at
    /// start-up and on every reconnect. Default: empty, which means <c>nats://127.0.0.1:4222</c>.
    /// </summary>
    public IList<Uri> NatsServers { get; set; } = [];

    /// <summary>NATS user, used when a server URI carries no credentials. Default: none.</summary>
    public string? NatsUser { get; set; }

    /// <summary>NATS password, used when a server URI carries no credentials. Default: none.</summary>
    public string? NatsPassword { get; set; }

    /// <summary>Require TLS to every NATS server. Default: false.</summary>
    public bool NatsTlsEnabled { get; set; }

    /// <summary>PEM file of the CA certificates trusted for the NATS server. Default: none (system trust store).</summary>
    public string? NatsCaCertsPath { get; set; }

    /// <summary>PEM file of the client certificate presented to NATS; needs <see cref="NatsClientKeyPath"/>. Default: none.</summary>
    public string? NatsClientCertPath { get; set; }

    /// <summary>PEM file of the private key of <see cref="NatsClientCertPath"/>. Default: none.</summary>
    public string? NatsClientKeyPath { get; set; }

    /// <summary>
    /// Address the router dials to reach this backend (<c>host</c>): an IP address or host name. Required by
    /// <see cref="RouteEmitter"/>; the ASP.NET Core integration fills it from the bound address when left empty.
    /// Default: empty.
    /// </summary>
    public string Host { get; set; } = "";

    /// <summary>Plain-HTTP port of the backend (<c>port</c>), 0 to 65535; 0 when only <see cref="TlsPort"/> is used. Default: 0.</summary>
    public int Port { get; set; }

    /// <summary>
    /// TLS port of the backend (<c>tls_port</c>), 0 to 65535. When non-zero the router dials it with TLS instead of
    /// <see cref="Port"/>, and never prunes the endpoint by age (docs/gorouter-compatibility.md §3). Default: 0.
    /// </summary>
    public int TlsPort { get; set; }

    /// <summary>Routes to register (<c>uris</c>), <c>host[/path]</c> without a scheme, e.g. <c>app.example.com/api</c> or <c>*.example.com</c>. At least one is required.</summary>
    public IList<string> Uris { get; set; } = [];

    /// <summary>Application GUID (<c>app</c>), sent to the backend as <c>X-CF-ApplicationID</c>. Default: empty.</summary>
    public string App { get; set; } = "";

    /// <summary>Instance id (<c>private_instance_id</c>), the value of the sticky-session cookie <c>__VCAP_ID__</c>. Default: empty.</summary>
    public string PrivateInstanceId { get; set; } = "";

    /// <summary>Instance index (<c>private_instance_index</c>, sent as a JSON string); null sends an empty string. Default: null.</summary>
    public int? PrivateInstanceIndex { get; set; }

    /// <summary>Free labels (<c>tags</c>); the router uses <c>component</c>, <c>process_id</c> and <c>source_id</c>. Default: none.</summary>
    public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Route service for these routes (<c>route_service_url</c>): empty or an <c>https</c> URL. Default: empty.</summary>
    public string RouteServiceUrl { get; set; } = "";

    /// <summary>Isolation segment (<c>isolation_segment</c>) used by routers that shard by segment. Default: empty (shared).</summary>
    public string IsolationSegment { get; set; } = "";

    /// <summary>
    /// Per-endpoint TTL in seconds (<c>stale_threshold_in_seconds</c>); 0 means the router's own threshold, and a
    /// value above it is capped by the router. Heartbeats are sent often enough to stay inside it. Default: 0.
    /// </summary>
    public int StaleThresholdInSeconds { get; set; }

    /// <summary>Per-route algorithm (<c>options.loadbalancing</c>): empty, <c>round-robin</c> or <c>least-connection</c>. Default: empty (the router's).</summary>
    public string LoadBalancing { get; set; } = "";

    /// <summary>Availability zone of the backend (<c>availability_zone</c>). Default: empty.</summary>
    public string AvailabilityZone { get; set; } = "";

    /// <summary>Name expected in the backend's certificate, also sent as SNI (<c>server_cert_domain_san</c>). Default: empty.</summary>
    public string ServerCertDomainSan { get; set; } = "";

    /// <summary>Protocol the router speaks to the backend (<c>protocol</c>): <c>http1</c> or <c>http2</c>. Default: <c>http1</c>.</summary>
    public string Protocol { get; set; } = "http1";

    /// <summary>
    /// Heartbeat interval used until a router answers <c>router.greet</c> or broadcasts <c>router.start</c>; the
    /// router's <c>minimumRegisterIntervalInSeconds</c> replaces it. Default: 20 seconds (a BOSH-deployed router's value).
    /// </summary>
    public TimeSpan DefaultRegisterInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long to wait for a router to answer <c>router.greet</c>. Default: 2 seconds.</summary>
    public TimeSpan GreetTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the emitter and its NATS connection log. Default: none (the ASP.NET Core integration uses the host's).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Pause between reconnect passes over the NATS servers; shortened by tests only.</summary>
    internal TimeSpan NatsReconnectWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A copy whose collections are not shared with this instance.</summary>
    public RouteEmitterOptions Copy() => this with
    {
        NatsServers = [.. NatsServers ?? []],
        Uris = [.. Uris ?? []],
        Tags = new Dictionary<string, string>(Tags ?? new Dictionary<string, string>(), StringComparer.Ordinal),
    };
}
