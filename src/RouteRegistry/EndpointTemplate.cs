using RouteMessages;

namespace RouteRegistry;

/// <summary>
/// The normalised endpoint data of one registration message, turned into one <see cref="Endpoint"/> per route
/// (docs/gorouter-compatibility.md §2.3). Normalisation follows Gorouter's <c>mbus/subscriber.go</c>: effective port and TLS flag from
/// <c>tls_port</c>, protocol defaulting to <c>http1</c>, stale threshold capped by the table's threshold. Strings are
/// shared through the table's <see cref="EndpointSharing"/> pools only when an endpoint is actually created, so a heartbeat that
/// merely refreshes an endpoint costs one comparison.
/// </summary>
internal sealed class EndpointTemplate
{
    private const string Http1 = "http1";
    private const string Http2 = "http2";

    private readonly RegistrationMessage _message;
    private readonly EndpointSharing _sharing;
    private EndpointTemplate? _shared;
    private EndpointTags? _tags;
    private EndpointSettings? _settings;

    private EndpointTemplate(RegistrationMessage message, RouteTableOptions options, EndpointSharing sharing)
    {
        _message = message;
        _sharing = sharing;
        Host = message.Host ?? "";
        IsTls = message.UsesTls;
        Port = message.EffectivePort;
        ApplicationId = message.App ?? "";
        PrivateInstanceId = message.PrivateInstanceId ?? "";
        PrivateInstanceIndex = message.PrivateInstanceIndex ?? "";
        ServerCertDomainSan = message.ServerCertDomainSan ?? "";
        RouteServiceUrl = message.RouteServiceUrl ?? "";
        IsolationSegment = message.IsolationSegment ?? "";
        StaleThreshold = NormalizeStaleThreshold(message.StaleThresholdInSeconds, options.DropletStaleThreshold);
        Protocol = NormalizeProtocol(message.Protocol, options.EnableHttp2);
        AvailabilityZone = message.AvailabilityZone ?? "";
        UpdatedAtNs = message.EndpointUpdatedAtNs;
        var loadBalancing = message.Options?.LoadBalancing;
        LoadBalancingOption = string.IsNullOrEmpty(loadBalancing) ? null : loadBalancing;

        // Gorouter keeps the hash settings only when the registration asks for hash routing and names a header
        // (route/pool.go NewEndpoint); the balance factor is optional.
        if (LoadBalancingOption == LoadBalancingAlgorithms.Hash && !string.IsNullOrEmpty(message.Options?.HashHeader))
        {
            HashHeader = message.Options.HashHeader;
            HashBalance = message.Options.HashBalance;
        }
    }

    // The shared copy, built by CreateEndpoint: its strings and settings come from the table's pools.
    private EndpointTemplate(EndpointTemplate source, EndpointSharing sharing)
    {
        var strings = sharing.Strings;
        _message = source._message;
        _sharing = sharing;
        _shared = this;
        Host = strings.Intern(source.Host);
        IsTls = source.IsTls;
        Port = source.Port;
        // A GUID is stored as 16 bytes; only other text is kept, and shared.
        AppId = CompactId.TryFromGuidText(source.ApplicationId, out var appGuid) ? appGuid : CompactId.From(strings.Intern(source.ApplicationId));
        ApplicationId = source.ApplicationId;
        PrivateInstanceId = source.PrivateInstanceId;
        PrivateInstanceIndex = source.PrivateInstanceIndex;
        InstanceIndexNumber = InstanceIndex.From(source.PrivateInstanceIndex);
        var indexText = InstanceIndexNumber == InstanceIndex.Text ? source.PrivateInstanceIndex : null;
        StaleThreshold = source.StaleThreshold;
        UpdatedAtNs = source.UpdatedAtNs;

        // Route emitters set the SAN to the instance GUID; the settings then say "the instance id", so instances of
        // one app (and of apps alike) share one settings object.
        var san = string.Equals(source.ServerCertDomainSan, source.PrivateInstanceId, StringComparison.Ordinal)
            ? null
            : source.ServerCertDomainSan;
        var component = source._message.Tags is { } tags && tags.TryGetValue("component", out var value) ? value : "";
        var last = sharing.LastSettings;
        if (last is not null && last.Matches(
                source.IsTls, source.Protocol, source.AvailabilityZone, source.RouteServiceUrl, source.IsolationSegment,
                source.LoadBalancingOption, source.HashHeader, source.HashBalance, source.StaleThreshold, component, san, indexText))
        {
            _settings = last;
        }
        else
        {
            _settings = sharing.Settings.Intern(new EndpointSettings(
                source.IsTls,
                strings.Intern(source.Protocol),
                strings.Intern(source.AvailabilityZone),
                strings.Intern(source.RouteServiceUrl),
                strings.Intern(source.IsolationSegment),
                source.LoadBalancingOption is null ? null : strings.Intern(source.LoadBalancingOption),
                source.HashHeader is null ? null : strings.Intern(source.HashHeader),
                source.HashBalance,
                source.StaleThreshold,
                strings.Intern(component),
                san is null ? null : strings.Intern(san),
                indexText is null ? null : strings.Intern(indexText)));
            sharing.LastSettings = _settings;
        }

        ServerCertDomainSan = source.ServerCertDomainSan;
        RouteServiceUrl = _settings.RouteServiceUrl;
        IsolationSegment = _settings.IsolationSegment;
        Protocol = _settings.Protocol;
        AvailabilityZone = _settings.AvailabilityZone;
        LoadBalancingOption = _settings.LoadBalancingOption;
        HashHeader = _settings.HashHeader;
        HashBalance = _settings.HashBalance;
    }

    public string Host { get; }

    public int Port { get; }

    public bool IsTls { get; }

    public string ApplicationId { get; }

    public string PrivateInstanceId { get; }

    public string PrivateInstanceIndex { get; }

    /// <summary>On the shared copy: the app id as the endpoint keeps it.</summary>
    public CompactId AppId { get; }

    /// <summary>On the shared copy: the index as the endpoint keeps it (<see cref="InstanceIndex.From"/>).</summary>
    public int InstanceIndexNumber { get; }

    public string ServerCertDomainSan { get; }

    public string RouteServiceUrl { get; }

    public string IsolationSegment { get; }

    public TimeSpan StaleThreshold { get; }

    public string Protocol { get; }

    public string AvailabilityZone { get; }

    public long UpdatedAtNs { get; }

    public string? LoadBalancingOption { get; }

    public string? HashHeader { get; }

    public double HashBalance { get; }

    /// <summary>The shared settings; set on the shared copy only.</summary>
    public EndpointSettings Settings => _settings!;

    /// <summary>
    /// The message's tags as the table's shared map with that content; on the shared copy only, found on first use
    /// (an endpoint whose sibling has the same tags takes the sibling's without asking).
    /// </summary>
    public EndpointTags Tags => _tags ??= ShareTags();

    public static EndpointTemplate Create(RegistrationMessage message, RouteTableOptions options, EndpointSharing sharing) =>
        new(message, options, sharing);

    /// <summary>
    /// 0 or more than the table's threshold means the table's threshold; a negative value is kept and makes the
    /// endpoint prunable at the next cycle, as in Gorouter.
    /// </summary>
    public static TimeSpan NormalizeStaleThreshold(long seconds, TimeSpan dropletStaleThreshold)
    {
        if (seconds == 0 || seconds > dropletStaleThreshold.TotalSeconds)
        {
            return dropletStaleThreshold;
        }

        return TimeSpan.FromSeconds(Math.Max(seconds, int.MinValue));
    }

    /// <summary>
    /// The "is this re-registration identical?" test of Gorouter's <c>Endpoint.Equal</c> (docs/gorouter-compatibility.md §2.4). The
    /// address is already equal when this is asked. The availability zone is not part of the comparison there either.
    /// </summary>
    public bool Matches(Endpoint endpoint) =>
        IsTls == endpoint.IsTls
        && UpdatedAtNs == endpoint.UpdatedAtNs
        && StaleThreshold == endpoint.StaleThreshold
        && endpoint.ApplicationIdEquals(ApplicationId)
        && string.Equals(Protocol, endpoint.Protocol, StringComparison.Ordinal)
        && endpoint.ServerCertDomainSanEquals(ServerCertDomainSan)
        && endpoint.InstanceIdEquals(PrivateInstanceId)
        && endpoint.InstanceIndexEquals(PrivateInstanceIndex)
        && string.Equals(RouteServiceUrl, endpoint.RouteServiceUrl, StringComparison.Ordinal)
        && string.Equals(IsolationSegment, endpoint.IsolationSegment, StringComparison.Ordinal)
        && string.Equals(LoadBalancingOption, endpoint.LoadBalancingOption, StringComparison.Ordinal)
        && string.Equals(HashHeader, endpoint.HashHeader, StringComparison.Ordinal)
        && HashBalance.Equals(endpoint.HashBalance)
        && ((EndpointTags)endpoint.Tags).ContentEquals(_message.Tags);

    /// <summary>
    /// Creates the endpoint for one route. Tags equal to <paramref name="sibling"/>'s (another instance of the same
    /// app on that route, or the endpoint being replaced) share its tag map.
    /// </summary>
    public Endpoint CreateEndpoint(Endpoint? sibling, long now)
    {
        var shared = _shared ??= new EndpointTemplate(this, _sharing);
        var tags = sibling?.Tags is EndpointTags siblingTags && siblingTags.ContentEquals(_message.Tags)
            ? siblingTags
            : shared.Tags;
        return new Endpoint(shared, tags, now);
    }

    private EndpointTags ShareTags()
    {
        if (_message.Tags is null || _message.Tags.Count == 0)
        {
            return EndpointTags.Empty;
        }

        if (_sharing.LastTags is { } last && last.ContentEquals(_message.Tags))
        {
            return last;
        }

        var tags = _sharing.Tags.Intern(EndpointTags.Create(_message.Tags, _sharing.Strings));
        _sharing.LastTags = tags;
        return tags;
    }

    private static string NormalizeProtocol(string? protocol, bool enableHttp2)
    {
        if (string.IsNullOrEmpty(protocol) || protocol == Http1)
        {
            return Http1;
        }

        if (protocol == Http2)
        {
            return enableHttp2 ? Http2 : Http1;
        }

        // Gorouter stores any other value verbatim and speaks HTTP/1.1 to it.
        return protocol;
    }
}
