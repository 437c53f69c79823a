namespace RouteEmitterClient.CommandLine;

/// <summary>
/// The sidecar's settings as written, before validation: the shape of the YAML file (snake_case keys, see the
/// project README) and the target of the command-line flags. Null means "not given".
/// </summary>
internal sealed class EmitterSettings
{
    public NatsSettings? Nats { get; set; }

    public string? Host { get; set; }

    public int? Port { get; set; }

    public int? TlsPort { get; set; }

    public List<string>? Uris { get; set; }

    public string? App { get; set; }

    public string? PrivateInstanceId { get; set; }

    public int? PrivateInstanceIndex { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public string? RouteServiceUrl { get; set; }

    public string? IsolationSegment { get; set; }

    public int? StaleThresholdInSeconds { get; set; }

    public string? LoadBalancing { get; set; }

    public string? AvailabilityZone { get; set; }

    public string? ServerCertDomainSan { get; set; }

    public string? Protocol { get; set; }

    /// <summary>Heartbeat interval until a router states one, as a duration (<c>20s</c>, <c>1m</c>; a bare number is seconds).</summary>
    public string? RegisterInterval { get; set; }

    /// <summary>How long to wait for the <c>router.greet</c> answer, as a duration.</summary>
    public string? GreetTimeout { get; set; }

    /// <summary><c>debug</c>, <c>info</c>, <c>warn</c> or <c>error</c>.</summary>
    public string? LogLevel { get; set; }

    /// <summary>
    /// These settings with every value given in <paramref name="overrides"/> replacing this one's; lists are replaced
    /// whole, tags are merged key by key.
    /// </summary>
    public EmitterSettings OverriddenBy(EmitterSettings overrides)
    {
        Dictionary<string, string>? tags = null;
        if (Tags is not null || overrides.Tags is not null)
        {
            tags = new Dictionary<string, string>(Tags ?? [], StringComparer.Ordinal);
            foreach (var (key, value) in overrides.Tags ?? [])
            {
                tags[key] = value;
            }
        }

        return new EmitterSettings
        {
            Nats = Nats is null ? overrides.Nats : overrides.Nats is null ? Nats : Nats.OverriddenBy(overrides.Nats),
            Host = overrides.Host ?? Host,
            Port = overrides.Port ?? Port,
            TlsPort = overrides.TlsPort ?? TlsPort,
            Uris = overrides.Uris ?? Uris,
            App = overrides.App ?? App,
            PrivateInstanceId = overrides.PrivateInstanceId ?? PrivateInstanceId,
            PrivateInstanceIndex = overrides.PrivateInstanceIndex ?? PrivateInstanceIndex,
            Tags = tags,
            RouteServiceUrl = overrides.RouteServiceUrl ?? RouteServiceUrl,
            IsolationSegment = overrides.IsolationSegment ?? IsolationSegment,
            StaleThresholdInSeconds = overrides.StaleThresholdInSeconds ?? StaleThresholdInSeconds,
            LoadBalancing = overrides.LoadBalancing ?? LoadBalancing,
            AvailabilityZone = overrides.AvailabilityZone ?? AvailabilityZone,
            ServerCertDomainSan = overrides.ServerCertDomainSan ?? ServerCertDomainSan,
            Protocol = overrides.Protocol ?? Protocol,
            RegisterInterval = overrides.RegisterInterval ?? RegisterInterval,
            GreetTimeout = overrides.GreetTimeout ?? GreetTimeout,
            LogLevel = overrides.LogLevel ?? LogLevel,
        };
    }
}

/// <summary>The <c>nats</c> section of <see cref="EmitterSettings"/>.</summary>
internal sealed class NatsSettings
{
    /// <summary><c>nats://[user:pass@]host:port</c> URLs.</summary>
    public List<string>? Servers { get; set; }

    public string? User { get; set; }

    public string? Pass { get; set; }

    public bool? TlsEnabled { get; set; }

    public string? CaCerts { get; set; }

    public string? CertChain { get; set; }

    public string? PrivateKey { get; set; }

    public NatsSettings OverriddenBy(NatsSettings overrides) => new()
    {
        Servers = overrides.Servers ?? Servers,
        User = overrides.User ?? User,
        Pass = overrides.Pass ?? Pass,
        TlsEnabled = overrides.TlsEnabled ?? TlsEnabled,
        CaCerts = overrides.CaCerts ?? CaCerts,
        CertChain = overrides.CertChain ?? CertChain,
        PrivateKey = overrides.PrivateKey ?? PrivateKey,
    };
}
