namespace RouteRegistry.LoadBalancing;

/// <summary>
/// Round-robin choice for one attempt (docs/gorouter-compatibility.md §4.1; Gorouter <c>route/roundrobin.go</c>). Scans from
/// <c>start</c>, wrapping, for an endpoint that is neither at <c>max_conns</c> nor failure-marked; expired marks are
/// cleared on the way. Endpoints this request already tried come last. When only marked endpoints remain, all marks
/// of the route are cleared and the first usable one is taken; when every endpoint is at the limit there is none.
/// </summary>
internal static class RoundRobinSelector
{
    /// <returns>The chosen index, or -1 when every endpoint is at the connection limit.</returns>
    public static int Pick(
        ReadOnlySpan<Endpoint> endpoints,
        int start,
        in EndpointSelection state,
        int maxConns,
        TimeProvider time,
        TimeSpan markDuration)
    {
        var count = endpoints.Length;
        var now = Endpoint.ClockNotRead;
        var untriedMarked = -1;
        var triedUnmarked = -1;
        var triedMarked = -1;

        var index = start;
        for (var scanned = 0; scanned < count; scanned++, index++)
        {
            if (index == count)
            {
                index = 0;
            }

            var endpoint = endpoints[index];
            if (endpoint.IsAtLimit(maxConns))
            {
                continue;
            }

            var marked = endpoint.CheckFailureMark(time, ref now, markDuration);
            var tried = state.HasTried(endpoint);
            if (!marked && !tried)
            {
                return index;
            }

            if (!tried)
            {
                untriedMarked = untriedMarked < 0 ? index : untriedMarked;
            }
            else if (!marked)
            {
                triedUnmarked = triedUnmarked < 0 ? index : triedUnmarked;
            }
            else
            {
                triedMarked = triedMarked < 0 ? index : triedMarked;
            }
        }

        if (untriedMarked >= 0)
        {
            ClearMarks(endpoints);
            return untriedMarked;
        }

        if (triedUnmarked >= 0)
        {
            return triedUnmarked;
        }

        if (triedMarked >= 0)
        {
            ClearMarks(endpoints);
            return triedMarked;
        }

        return -1;
    }

    /// <summary>
    /// The first pick of a request under <c>locally-optimistic</c> (docs/gorouter-compatibility.md §4.4): the first endpoint
    /// from <paramref name="start"/> that is in <paramref name="zone"/>, neither marked failed nor at the limit. When there
    /// is none, Gorouter clears every failure mark of the route and goes on in all zones; the caller does both.
    /// </summary>
    /// <returns>The chosen index, or -1.</returns>
    public static int PickInZone(
        ReadOnlySpan<Endpoint> endpoints,
        int start,
        int maxConns,
        TimeProvider time,
        TimeSpan markDuration,
        string zone)
    {
        var count = endpoints.Length;
        var now = Endpoint.ClockNotRead;
        var index = start;
        for (var scanned = 0; scanned < count; scanned++, index++)
        {
            if (index == count)
            {
                index = 0;
            }

            var endpoint = endpoints[index];
            if (string.Equals(endpoint.AvailabilityZone, zone, StringComparison.Ordinal)
                && !endpoint.IsAtLimit(maxConns)
                && !endpoint.CheckFailureMark(time, ref now, markDuration))
            {
                return index;
            }
        }

        return -1;
    }

    internal static void ClearMarks(ReadOnlySpan<Endpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            endpoint.ClearFailureMark();
        }
    }
}
