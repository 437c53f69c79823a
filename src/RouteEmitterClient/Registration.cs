using System.Globalization;
using RouteMessages;

namespace RouteEmitterClient;

/// <summary>
/// One registration as it goes on the wire, built from <see cref="RouteEmitterOptions"/>. Immutable: a change makes a
/// new instance. <c>endpoint_updated_at_ns</c> is the time the content last changed, so every heartbeat of an
/// unchanged registration carries the same value, as Cloud Foundry's route-emitter sends it (docs/gorouter-compatibility.md §1.3).
/// </summary>
internal sealed class Registration
{
    private readonly byte[] _content;

    private Registration(RegistrationMessage message, byte[] content)
    {
        Message = message;
        _content = content;
        Payload = RegistrationMessageParser.Serialize(message);
        Address = $"{message.Host}:{message.EffectivePort.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The message; not to be modified.</summary>
    public RegistrationMessage Message { get; }

    /// <summary>The UTF-8 JSON body of <c>router.register</c>.</summary>
    public byte[] Payload { get; }

    /// <summary><c>host:port</c> as the router will dial it, for logs.</summary>
    public string Address { get; }

    /// <summary>The routes, comma-separated, for logs.</summary>
    public string UriList => string.Join(", ", Message.Uris);

    /// <summary>
    /// Builds the registration for <paramref name="options"/>. When the content equals <paramref name="previous"/>'s
    /// the previous timestamp is kept, otherwise <c>endpoint_updated_at_ns</c> is <paramref name="now"/>.
    /// </summary>
    public static Registration Create(RouteEmitterOptions options, Registration? previous, DateTimeOffset now)
    {
        var message = ToMessage(options);

        // Compare everything except the timestamp itself.
        var content = RegistrationMessageParser.Serialize(message);
        message.EndpointUpdatedAtNs = previous is not null && content.AsSpan().SequenceEqual(previous._content)
            ? previous.Message.EndpointUpdatedAtNs
            : (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        return new Registration(message, content);
    }

    /// <summary>True when the routed content (anything but the timestamp) is the same.</summary>
    public bool HasSameContent(Registration other) => _content.AsSpan().SequenceEqual(other._content);

    /// <summary>
    /// The <c>router.unregister</c> body that removes what <paramref name="next"/> no longer covers, or null when
    /// nothing must go. Gorouter identifies an endpoint by host, effective port and isolation segment under each URI
    /// (docs/gorouter-compatibility.md §2.5), so a new address withdraws every old URI, and the same address only the dropped URIs.
    /// </summary>
    public byte[]? UnregisterPayloadFor(Registration next)
    {
        var old = Message;
        var sameEndpoint = string.Equals(old.Host, next.Message.Host, StringComparison.Ordinal)
            && old.EffectivePort == next.Message.EffectivePort
            && old.UsesTls == next.Message.UsesTls
            && string.Equals(old.IsolationSegment, next.Message.IsolationSegment, StringComparison.Ordinal);
        if (!sameEndpoint)
        {
            return Payload;
        }

        // Route keys are case-insensitive in the router (docs/gorouter-compatibility.md §2.1).
        var kept = new HashSet<string>(next.Message.Uris, StringComparer.OrdinalIgnoreCase);
        var dropped = old.Uris.Where(uri => !kept.Contains(uri)).ToList();
        if (dropped.Count == 0)
        {
            return null;
        }

        var withdrawal = ToMessage(old);
        withdrawal.Uris = dropped;
        withdrawal.EndpointUpdatedAtNs = old.EndpointUpdatedAtNs;
        return RegistrationMessageParser.Serialize(withdrawal);
    }

    private static RegistrationMessage ToMessage(RouteEmitterOptions options) => new()
    {
        Host = options.Host,
        Port = options.Port,
        TlsPort = options.TlsPort,
        Uris = [.. options.Uris],
        App = options.App ?? "",
        PrivateInstanceId = options.PrivateInstanceId ?? "",

        // Gorouter decodes the index as a JSON string; a number would make it drop the whole message.
        PrivateInstanceIndex = options.PrivateInstanceIndex?.ToString(CultureInfo.InvariantCulture) ?? "",
        ServerCertDomainSan = options.ServerCertDomainSan ?? "",
        RouteServiceUrl = options.RouteServiceUrl ?? "",
        Tags = SortedTags(options.Tags),
        IsolationSegment = options.IsolationSegment ?? "",
        StaleThresholdInSeconds = options.StaleThresholdInSeconds,
        Protocol = options.Protocol ?? "",
        Options = new RegistrationMessageOptions { LoadBalancing = options.LoadBalancing ?? "" },
        AvailabilityZone = options.AvailabilityZone ?? "",
    };

    // Sorted so that the same tags given in another order are not a content change.
    private static Dictionary<string, string> SortedTags(IDictionary<string, string>? tags) =>
        new((tags ?? new Dictionary<string, string>()).OrderBy(tag => tag.Key, StringComparer.Ordinal), StringComparer.Ordinal);

    private static RegistrationMessage ToMessage(RegistrationMessage message) => new()
    {
        Host = message.Host,
        Port = message.Port,
        TlsPort = message.TlsPort,
        Uris = [.. message.Uris],
        App = message.App,
        PrivateInstanceId = message.PrivateInstanceId,
        PrivateInstanceIndex = message.PrivateInstanceIndex,
        ServerCertDomainSan = message.ServerCertDomainSan,
        RouteServiceUrl = message.RouteServiceUrl,
        Tags = new Dictionary<string, string>(message.Tags, StringComparer.Ordinal),
        IsolationSegment = message.IsolationSegment,
        StaleThresholdInSeconds = message.StaleThresholdInSeconds,
        Protocol = message.Protocol,
        Options = new RegistrationMessageOptions { LoadBalancing = message.Options.LoadBalancing },
        AvailabilityZone = message.AvailabilityZone,
    };
}
