using System.Collections.Frozen;

namespace RouteRegistry;

/// <summary>
/// Settings of a <see cref="RouteTable"/>, taken from the router configuration (docs/gorouter-compatibility.md §2, §3, §4.3, §5.6).
/// </summary>
public sealed record RouteTableOptions
{
    /// <summary>
    /// Maximum age of a plain-HTTP endpoint's last registration (<c>droplet_stale_threshold</c>), default 120 s. A
    /// registration's <c>stale_threshold_in_seconds</c> can only shorten it. Round-robin failure marks last a quarter
    /// of this value.
    /// </summary>
    public TimeSpan DropletStaleThreshold { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Algorithm of routes whose registrations name none (<c>balancing_algorithm</c>), default round-robin. Hash routes
    /// use it for requests without their header. <see cref="LoadBalancingAlgorithm.Hash"/> is a per-route option only
    /// and is refused here.
    /// </summary>
    public LoadBalancingAlgorithm DefaultLoadBalancing { get; init; } = LoadBalancingAlgorithm.RoundRobin;

    /// <summary>
    /// The router's availability zone when <c>balancing_algorithm_az_preference</c> is <c>locally-optimistic</c>, else
    /// null (the default). With a zone, the first attempt of a round-robin or least-connection request prefers the
    /// endpoints registered with this <c>availability_zone</c> (docs/gorouter-compatibility.md §4.4).
    /// </summary>
    public string? LocalAvailabilityZone { get; init; }

    /// <summary>
    /// <c>empty_pool_response_code_503</c>, default false. With <see cref="EmptyPoolTimeout"/> above zero, a route
    /// emptied by unregister or pruning is kept (and answers 503) until it has been unchanged for that long.
    /// </summary>
    public bool EmptyPoolResponseCode503 { get; init; }

    /// <summary><c>empty_pool_timeout</c>, default zero (emptied routes are deleted at once).</summary>
    public TimeSpan EmptyPoolTimeout { get; init; }

    /// <summary>Isolation-segment filter for registrations (<c>routing_table_sharding_mode</c>), default <see cref="ShardingMode.All"/>.</summary>
    public ShardingMode ShardingMode { get; init; } = ShardingMode.All;

    /// <summary>
    /// The router's isolation segments (<c>isolation_segments</c>), default empty. Matched with the set's own
    /// comparer; Gorouter compares exactly, so pass an ordinal set.
    /// </summary>
    public IReadOnlySet<string> IsolationSegments { get; init; } = FrozenSet<string>.Empty;

    /// <summary>
    /// <c>enable_http2</c>, default true. When false, endpoints registered with protocol <c>http2</c> are stored as
    /// <c>http1</c>, as Gorouter does.
    /// </summary>
    public bool EnableHttp2 { get; init; } = true;

    /// <summary>How long a round-robin failure mark keeps an endpoint out of rotation: a quarter of the stale threshold.</summary>
    public TimeSpan FailureMarkDuration => DropletStaleThreshold / 4;
}
