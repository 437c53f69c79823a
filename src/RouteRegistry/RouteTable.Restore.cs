using RouteMessages;

namespace RouteRegistry;

/// <summary>
/// What a route snapshot needs from the table (docs/operations.md "Restarts without a 404 window"): each endpoint as the
/// registration it stands for, its age on the wall clock, and a register that replays a stored registration at its age.
/// </summary>
public sealed partial class RouteTable
{
    private long _changes;

    /// <summary>
    /// Grows by one or more whenever the table changes, a refresh of an endpoint's age included; a writer compares it
    /// with the value it last saw to know whether there is anything new to save.
    /// </summary>
    public long ChangeCount => Volatile.Read(ref _changes);

    /// <summary>
    /// Registers an endpoint restored from a snapshot: the same path as <see cref="Register(RegistrationMessage)"/>,
    /// except that the endpoint starts as old as <paramref name="lastUpdatedAt"/> says, so it is pruned like any other
    /// endpoint that nothing refreshes, and that an endpoint already registered at the same address on a route is
    /// kept as it is (the live registration wins). <see cref="LastRegistryUpdate"/> is not moved.
    /// </summary>
    /// <param name="message">The stored registration, as <see cref="ToRegistrationMessage"/> made it.</param>
    /// <param name="lastUpdatedAt">When the endpoint was last registered, on the wall clock.</param>
    public RegistrationResult Restore(RegistrationMessage message, DateTimeOffset lastUpdatedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        var age = _time.GetUtcNow() - lastUpdatedAt;
        return Register(message, age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }

    /// <summary>When <paramref name="endpoint"/> was last registered (or refreshed), on the wall clock.</summary>
    public DateTimeOffset LastUpdated(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _time.GetUtcNow() - _time.GetElapsedTime(endpoint.LastSeen);
    }

    /// <summary>
    /// The registration message that, registered again, gives back <paramref name="endpoint"/> on the route
    /// <paramref name="routeKey"/>: every field routing uses. What the table does not keep is written as the value
    /// that means the same: a TLS endpoint's port in both <c>port</c> and <c>tls_port</c>, a stale threshold equal to
    /// the table's as 0.
    /// </summary>
    /// <param name="routeKey">The route's registration key (<see cref="RouteSnapshot.Key"/>).</param>
    /// <param name="endpoint">One endpoint of that route.</param>
    public RegistrationMessage ToRegistrationMessage(string routeKey, Endpoint endpoint)
    {
        var message = new RegistrationMessage();
        FillRegistrationMessage(routeKey, endpoint, message);
        return message;
    }

    /// <summary>
    /// <see cref="ToRegistrationMessage"/> into an existing message, for a writer that encodes one endpoint after the
    /// other: every field is set, the URI list, tag map and options object are reused.
    /// </summary>
    /// <param name="routeKey">The route's registration key (<see cref="RouteSnapshot.Key"/>).</param>
    /// <param name="endpoint">One endpoint of that route.</param>
    /// <param name="message">The message to overwrite.</param>
    public void FillRegistrationMessage(string routeKey, Endpoint endpoint, RegistrationMessage message)
    {
        ArgumentNullException.ThrowIfNull(routeKey);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(message);
        message.Host = endpoint.Host;
        message.Port = endpoint.Port;
        message.TlsPort = endpoint.IsTls ? endpoint.Port : 0;
        if (message.Uris is List<string> { Count: 1 } uris)
        {
            uris[0] = routeKey;
        }
        else
        {
            message.Uris = new List<string>(1) { routeKey };
        }

        message.App = endpoint.ApplicationId;
        message.PrivateInstanceId = endpoint.PrivateInstanceId;
        message.PrivateInstanceIndex = endpoint.PrivateInstanceIndex;
        message.ServerCertDomainSan = endpoint.ServerCertDomainSan;
        message.RouteServiceUrl = endpoint.RouteServiceUrl;
        message.Tags.Clear();
        foreach (var (key, value) in endpoint.Tags)
        {
            message.Tags[key] = value;
        }

        message.IsolationSegment = endpoint.IsolationSegment;
        message.StaleThresholdInSeconds = endpoint.StaleThreshold >= Options.DropletStaleThreshold ? 0 : (long)endpoint.StaleThreshold.TotalSeconds;
        message.EndpointUpdatedAtNs = endpoint.UpdatedAtNs;
        message.Protocol = endpoint.Protocol;
        message.Options.LoadBalancing = endpoint.LoadBalancingOption ?? "";
        message.Options.HashHeader = endpoint.HashHeader;
        message.Options.HashBalance = endpoint.HashBalance;
        message.AvailabilityZone = endpoint.AvailabilityZone;
    }
}
