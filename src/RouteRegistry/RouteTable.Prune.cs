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
    /// blocking registrations. The set of routes is fixed when this is called; each route's endpoints are read when its entry
    /// is read, as one consistent list. The listing holds one reference per route (8 bytes), so listing a table of
    /// 100,000 routes leaves 0.8 MB behind rather than a copy of every route's key and endpoint list.
    /// </summary>
    public IReadOnlyList<RouteSnapshot> Snapshot()
    {
        var pools = CollectPools();
        pools.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new RouteListing(pools);
    }

    /// <summary>The pools of every route (including lingering empty ones), in no particular order.</summary>
    private List<EndpointPool> CollectPools() => CollectFromPoolNodes(static node => node.Pool!);

    /// <summary><see cref="Snapshot"/>'s routes: a route's entry is made from its pool when it is read.</summary>
    private sealed class RouteListing(List<EndpointPool> pools) : IReadOnlyList<RouteSnapshot>
    {
        public int Count => pools.Count;

        public RouteSnapshot this[int index] => Entry(pools[index]);

        public IEnumerator<RouteSnapshot> GetEnumerator()
        {
            foreach (var pool in pools)
            {
                yield return Entry(pool);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private static RouteSnapshot Entry(EndpointPool pool) => new(pool.Key, pool, pool.EndpointsSnapshot);
    }

    /// <summary>All nodes that own a pool, from both host tables.</summary>
    private List<RouteNode> CollectPoolNodes() => CollectFromPoolNodes(static node => node);

    /// <summary><paramref name="select"/> of every node that owns a pool, from both host tables, in no particular order.</summary>
    private List<T> CollectFromPoolNodes<T>(Func<RouteNode, T> select)
    {
        var result = new List<T>(Volatile.Read(ref _routeCount));
        var pending = new Stack<RouteNode>();
        foreach (var roots in (ReadOnlySpan<NodeTable>)[_hosts, _wildcards])
        {
            roots.PushAll(pending);
            while (pending.TryPop(out var node))
            {
                if (node.Pool is not null)
                {
                    result.Add(select(node));
                }

                node.PushChildren(pending);
            }
        }

        return result;
    }
}
