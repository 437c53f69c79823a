using RouteRegistry.LoadBalancing;

namespace RouteRegistry;

/// <summary>Hash-based routing of one route (docs/gorouter-compatibility.md §4.6): its settings and lookup table.</summary>
public sealed partial class EndpointPool
{
    /// <summary>True when the route keeps hash settings (it is, or was until the last update, a hash route).</summary>
    internal bool HasHashRouting => _hash is not null;

    private static Endpoint? SelectByHash(
        Endpoint[] endpoints, MaglevTable table, double balanceFactor, ReadOnlySpan<char> hashKey, ref EndpointSelection state, int maxConns)
    {
        var start = state.HasPosition ? state.NextPosition % MaglevTable.Size : MaglevTable.SlotOf(hashKey);

        // As in Select: a slot lost to a concurrent request between the scan and TryAcquire leaves that endpoint at
        // the limit, and the next scan passes over it.
        for (var round = 0; round <= endpoints.Length; round++)
        {
            var slot = HashSelector.Pick(table, endpoints, start, state, maxConns, balanceFactor);
            if (slot < 0)
            {
                return null;
            }

            var endpoint = table[slot];
            if (endpoint.TryAcquire(maxConns))
            {
                state.RecordSelected(endpoint, slot, positional: true);
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>
    /// Brings the hash settings and table in step after a change, under the table's write lock. The settings come
    /// from <paramref name="registered"/> when a registration added or changed an endpoint (the last one processed
    /// wins, as in Gorouter's <c>route/pool.go</c>), else they are kept and only the table is rebuilt. A route that
    /// is not (or no longer) hashing drops both.
    /// </summary>
    internal void UpdateHashRouting(Endpoint? registered)
    {
        if (Algorithm != LoadBalancingAlgorithm.Hash)
        {
            Volatile.Write(ref _hash, null);
            return;
        }

        var current = _hash;
        var header = registered is null ? current?.Header : registered.HashHeader;
        var balance = registered is null ? current?.BalanceFactor ?? 0 : registered.HashBalance;
        Volatile.Write(ref _hash, new HashRouting(header, balance, MaglevTable.Build(_endpoints)));
    }

    /// <summary>The hash settings of a route and the table over its current endpoints (null when it has none).</summary>
    private sealed record HashRouting(string? Header, double BalanceFactor, MaglevTable? Table);
}
