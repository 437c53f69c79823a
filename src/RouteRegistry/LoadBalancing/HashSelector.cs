namespace RouteRegistry.LoadBalancing;

/// <summary>
/// Hash-based choice for one attempt (docs/gorouter-compatibility.md §4.6; Gorouter <c>route/hash_based.go</c>). The
/// first attempt starts at the slot of the header value's hash; a retry continues at the slot after the previous
/// pick. Walking forward, an endpoint is passed over when this request already tried it, when it is at
/// <c>max_conns</c>, or, with a balance factor above zero, when its in-flight requests exceed that factor times the
/// route's average. A route with one endpoint uses it unless it is at the limit.
/// </summary>
internal static class HashSelector
{
    /// <returns>The chosen slot of <paramref name="table"/>, or -1 when no endpoint qualifies.</returns>
    public static int Pick(MaglevTable table, ReadOnlySpan<Endpoint> endpoints, int start, in EndpointSelection state, int maxConns, double balanceFactor)
    {
        if (endpoints.Length == 1)
        {
            return endpoints[0].IsAtLimit(maxConns) ? -1 : start;
        }

        // Sum of in-flight requests over the route, read once per pick: the comparison is count * inFlight against
        // factor * total, which is Gorouter's inFlight / average > factor without a division by an empty average.
        long total = 0;
        if (balanceFactor > 0)
        {
            foreach (var endpoint in endpoints)
            {
                total += endpoint.InFlight;
            }
        }

        var slot = start;
        for (var scanned = 0; scanned < MaglevTable.Size; scanned++, slot++)
        {
            if (slot == MaglevTable.Size)
            {
                slot = 0;
            }

            var endpoint = table[slot];
            if (state.HasTried(endpoint) || endpoint.IsAtLimit(maxConns))
            {
                continue;
            }

            if (total > 0 && (double)endpoint.InFlight * endpoints.Length > balanceFactor * total)
            {
                continue;
            }

            return slot;
        }

        return -1;
    }
}
