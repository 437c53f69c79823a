namespace RouteRegistry;

/// <summary>How an <see cref="EndpointPool"/> picks the endpoint for a request attempt (docs/gorouter-compatibility.md §4).</summary>
public enum LoadBalancingAlgorithm
{
    /// <summary>One cursor per route, skipping endpoints marked failed or at the connection limit (<c>round-robin</c>).</summary>
    RoundRobin,

    /// <summary>The endpoint with the fewest in-flight requests, ties broken at random (<c>least-connection</c>).</summary>
    LeastConnection,

    /// <summary>
    /// Consistent hashing of a request header's value over the route's endpoints (<c>hash</c>, per route only,
    /// docs/gorouter-compatibility.md §4.6); requests without the header use the table's default algorithm.
    /// </summary>
    Hash,
}
