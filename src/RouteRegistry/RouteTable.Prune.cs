using Microsoft.Extensions.Logging;

namespace RouteRegistry;

/// <summary>Pruning, refresh and the <c>/routes</c> snapshot (docs/gorouter-compatibility.md §2.7, §3).</summary>
public sealed partial class RouteTable
{
    /// <summary>
    /// One prune pass (docs/gorouter-compatibility.md §3 step 3): removes every plain-HTTP endpoint whose last registration is older
    /// than its stale threshold (TLS endpoints are never removed by age), then deletes every empty route, including
    /// routes emptied by <see cref="RemoveFailedEndpoint"/>, unless empty routes linger.
    /// </summary>
    public PruneResult PruneStaleEndpoints()
    {
        int prunedEndpoints = 0, removedRoutes = 0;
        lock (_writeLock)
        {
            var now = _time.GetTimestamp();
            foreach (var node in CollectPoolNodes())
            {
                var pool = node.Pool!;
                var pruned = pool.PruneStale(now);
                if (pruned is not null)
                {
                    prunedEndpoints += pruned.Count;
                    _endpointCount -= pruned.Count;
                    if (_logger.IsEnabled(LogLevel.Information))
                    {
                        var addresses = string.Join(',', pruned);
                        Log.PrunedRoute(_logger, pool.Key, addresses, pruned[0].IsolationSegment);
                    }
                }

                if (pool.IsEmpty && !Lingers(pool, now))
                {
                    RemoveRoute(node);
                    removedRoutes++;
                }
            }

            Interlocked.Add(ref _prunedEndpointsTotal, prunedEndpoints);
            if (prunedEndpoints + removedRoutes > 0)
            {
                _changes++;
            }
        }

        return new PruneResult(prunedEndpoints, removedRoutes, Suspended: false);
    }

    /// <summary>
    /// Sets every endpoint's freshness to now (docs/gorouter-compatibility.md §3 step 2), so that a message-bus outage does not turn
    /// into a mass prune when it ends.
    /// </summary>
    public void RefreshAllEndpoints()
    {
        lock (_writeLock)
        {
            var now = _time.GetTimestamp();
            foreach (var node in CollectPoolNodes())
            {
                node.Pool!.Refresh(now);
            }

            _changes++;
        }
    }

    /// <summary>
    /// Removes a TLS endpoint from its route at once after a "prunable" failure such as a dial or TLS handshake error
    /// (docs/gorouter-compatibility.md §3, §5.2). The route stays, possibly empty, until the next prune pass. Plain-HTTP endpoints are
    /// never removed this way; they are marked with <see cref="EndpointPool.EndpointFailed"/> instead.
    /// </summary>
    /// <returns>True when the endpoint was removed.</returns>
    public bool RemoveFailedEndpoint(EndpointPool pool, Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsTls)
        {
            return false;
        }

        lock (_writeLock)
        {
            // By address, as Gorouter's pool index: a newer registration at the same address goes too.
            var index = pool.IndexOf(endpoint.Host, endpoint.Port);
            if (index < 0)
            {
                return false;
            }

            var removed = pool.RemoveAt(index, _time.GetTimestamp());
            _endpointCount--;
            _changes++;
            Log.PruneFailedEndpoint(_logger, pool.Key, removed.Backend, removed.AppId, removed.InstanceId);
            return true;
        }
    }

    /// <summary>
    /// Every route with its endpoints, ordered by key, for the <c>/routes</c> JSON (docs/gorouter-compatibility.md §2.7). Taken without
    /// blocking registrations; each route's endpoint list is a consistent snapshot.
    /// </summary>
    public IReadOnlyList<RouteSnapshot> Snapshot()
    {
        var nodes = CollectPoolNodes();
        var routes = new List<RouteSnapshot>(nodes.Count);
        foreach (var node in nodes)
        {
            var pool = node.Pool;
            if (pool is not null)
            {
                routes.Add(new RouteSnapshot(pool.Key, pool, pool.EndpointsSnapshot));
            }
        }

        routes.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return routes;
    }

    /// <summary>All nodes that own a pool, from both host tables.</summary>
    private List<RouteNode> CollectPoolNodes()
    {
        var result = new List<RouteNode>(Volatile.Read(ref _routeCount));
        var pending = new Stack<RouteNode>();
        CollectPoolNodes(_hosts, pending, result);
        CollectPoolNodes(_wildcards, pending, result);
        return result;
    }

    private static void CollectPoolNodes(NodeTable roots, Stack<RouteNode> pending, List<RouteNode> result)
    {
        roots.PushAll(pending);
        while (pending.TryPop(out var node))
        {
            if (node.Pool is not null)
            {
                result.Add(node);
            }

            node.PushChildren(pending);
        }
    }
}
