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
        ArgumentNullException.ThrowIfNull(routeKey);
        ArgumentNullException.ThrowIfNull(endpoint);
        var staleThreshold = endpoint.StaleThreshold >= Options.DropletStaleThreshold ? 0 : (long)endpoint.StaleThreshold.TotalSeconds;
        return new RegistrationMessage
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            TlsPort = endpoint.IsTls ? endpoint.Port : 0,
            Uris = [routeKey],
            App = endpoint.ApplicationId,
            PrivateInstanceId = endpoint.PrivateInstanceId,
            PrivateInstanceIndex = endpoint.PrivateInstanceIndex,
            ServerCertDomainSan = endpoint.ServerCertDomainSan,
            RouteServiceUrl = endpoint.RouteServiceUrl,
            Tags = new Dictionary<string, string>(endpoint.Tags, StringComparer.Ordinal),
            IsolationSegment = endpoint.IsolationSegment,
            StaleThresholdInSeconds = staleThreshold,
            EndpointUpdatedAtNs = endpoint.UpdatedAtNs,
            Protocol = endpoint.Protocol,
            Options = new RegistrationMessageOptions
            {
                LoadBalancing = endpoint.LoadBalancingOption ?? "",
                HashHeader = endpoint.HashHeader,
                HashBalance = endpoint.HashBalance,
            },
            AvailabilityZone = endpoint.AvailabilityZone,
        };
    }
}
