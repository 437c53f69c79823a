namespace RouteRegistry.LoadBalancing;

/// <summary>
/// Least-connection choice for one attempt (docs/gorouter-compatibility.md §4.2; Gorouter <c>route/leastconnection.go</c>): the endpoint
/// with the fewest in-flight requests, skipping those at <c>max_conns</c>, ties broken uniformly at random. Failure
/// marks are ignored. Endpoints this request already tried are chosen only when no other remains. With a zone, only
/// the endpoints registered in that availability zone take part (docs/gorouter-compatibility.md §4.4).
/// </summary>
internal static class LeastConnectionSelector
{
    /// <returns>The chosen index, or -1 when every endpoint (of the zone) is at the connection limit.</returns>
    public static int Pick(ReadOnlySpan<Endpoint> endpoints, in EndpointSelection state, int maxConns, string? zone = null)
    {
        var best = -1;
        var bestLoad = 0;
        var bestTried = false;
        var ties = 0;

        for (var i = 0; i < endpoints.Length; i++)
        {
            var endpoint = endpoints[i];
            if (endpoint.IsAtLimit(maxConns) || (zone is not null && !string.Equals(endpoint.AvailabilityZone, zone, StringComparison.Ordinal)))
            {
                continue;
            }

            var tried = state.HasTried(endpoint);
            var load = endpoint.InFlight;
            if (best < 0 || (bestTried && !tried) || (tried == bestTried && load < bestLoad))
            {
                best = i;
                bestLoad = load;
                bestTried = tried;
                ties = 1;
            }
            else if (tried == bestTried && load == bestLoad)
            {
                // Reservoir sampling over the tied endpoints: each ends up chosen with equal probability.
                ties++;
                if (Random.Shared.Next(ties) == 0)
                {
                    best = i;
                }
            }
        }

        return best;
    }
}
