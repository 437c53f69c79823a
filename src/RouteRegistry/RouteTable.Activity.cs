namespace RouteRegistry;

/// <summary>Counters a live view of the table reads to know when to look again (the route dashboard).</summary>
public sealed partial class RouteTable
{
    private long _routesVersion;
    private long _registerMessages;

    /// <summary>
    /// Changes whenever a route is added or removed (not when endpoints change within a route): a sorted listing of
    /// the routes taken at one version stays complete until the version moves.
    /// </summary>
    public long RoutesVersion => Volatile.Read(ref _routesVersion);

    /// <summary>Register messages processed for this router's shard since the table was created.</summary>
    public long RegisterMessages => Volatile.Read(ref _registerMessages);

    /// <summary>
    /// Every route's pool, including lingering empty ones, in no particular order; cheaper than
    /// <see cref="Snapshot"/> for a caller that sorts or filters the routes its own way. Taken without blocking
    /// registrations.
    /// </summary>
    public EndpointPool[] Pools() => [.. CollectPools()];

    // Both are called under the write lock; the writes are volatile for the lock-free readers above.
    private void RouteSetChanged() => Volatile.Write(ref _routesVersion, _routesVersion + 1);

    private void RegisterMessageProcessed() => Volatile.Write(ref _registerMessages, _registerMessages + 1);
}
