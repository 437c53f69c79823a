namespace Router.Configuration;

/// <summary>
/// Route services (docs/route-services.md): requests for a route registered with a <c>route_service_url</c> go
/// to that URL first, signed, and come back through the router to the app. Keys as Gorouter's <c>config/config.go</c>.
/// </summary>
public sealed record RouteServicesOptions
{
    /// <summary>
    /// Key material for the signature (<c>route_services_secret</c>). Non-empty turns route services on; empty
    /// (the default) answers requests for routes with a route service with 502 <c>route_service_unsupported</c>.
    /// </summary>
    public string Secret { get; init; } = "";

    /// <summary>
    /// A previous secret still accepted when checking signatures, never used to sign
    /// (<c>route_services_secret_decrypt_only</c>), for rotating the secret. Default empty.
    /// </summary>
    public string SecretDecryptOnly { get; init; } = "";

    /// <summary>Oldest signature accepted back from a route service (<c>route_services_timeout</c>). Default 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Scheme of <c>X-CF-Forwarded-Url</c>: <c>https</c> when true, else <c>http</c>
    /// (<c>route_services_recommend_https</c>). Default false, as Gorouter's code (its BOSH job sets true).
    /// </summary>
    public bool RecommendHttps { get; init; }

    /// <summary>
    /// Send a request whose route-service URL is a route of this router back through the router's internal
    /// loopback listener instead of out through the network (<c>route_services_hairpinning</c>). Default false.
    /// </summary>
    public bool Hairpinning { get; init; }

    /// <summary>
    /// Route-service hosts that may be hairpinned (<c>route_services_hairpinning_allowlist</c>): exact names or
    /// <c>*.domain</c> wildcards. Empty (the default) allows every route of this router.
    /// </summary>
    public IReadOnlyList<string> HairpinningAllowlist { get; init; } = [];

    /// <summary>
    /// Port of the internal loopback listener that hairpinned requests enter by
    /// (<c>route_services_internal_server_port</c>, on 127.0.0.1). Default 7070. Opened only with hairpinning on.
    /// </summary>
    public int InternalServerPort { get; init; } = 7070;

    /// <summary>
    /// Check a signature a client sends on a route without a route service, answering 400 or 504 when it is bad
    /// (<c>route_services.strict_signature_validation</c>). Default false: such headers pass through untouched.
    /// </summary>
    public bool StrictSignatureValidation { get; init; }

    /// <summary>
    /// Attempts to reach a route service when the connection fails before the request is sent
    /// (<c>route_services.max_attempts</c>). Default 1.
    /// </summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>PEM chain presented to route services that ask for a client certificate (<c>route_services.cert_chain</c>). Default none.</summary>
    public string CertChain { get; init; } = "";

    /// <summary>PEM private key of <see cref="CertChain"/> (<c>route_services.private_key</c>). Default empty.</summary>
    public string PrivateKey { get; init; } = "";

    /// <summary>
    /// Do not verify route services' certificates (<c>skip_ssl_validation</c>; in Gorouter it applies to route
    /// services only, never to app instances). Default false: trusted are the system roots plus <c>ca_certs</c>.
    /// </summary>
    public bool SkipSslValidation { get; init; }

    /// <summary>True when a secret is configured.</summary>
    public bool Enabled => Secret.Length > 0;
}
