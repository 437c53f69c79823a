using RouteRegistry;

namespace Router.Dashboard;

/// <summary>
/// The route table's pools sorted by key, taken at one <see cref="RouteTable.RoutesVersion"/>. Endpoints are read
/// live from each pool; only the set of routes is fixed.
/// </summary>
internal sealed class RouteListing(long version, EndpointPool[] pools, long builtAt)
{
    public long Version { get; } = version;

    /// <summary>Sorted by key (ordinal), as <c>/routes</c> lists them.</summary>
    public EndpointPool[] Pools { get; } = pools;

    /// <summary>When it was built, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long BuiltAt { get; } = builtAt;

    /// <summary>
    /// The routes of page <paramref name="page"/> (1-based) of <paramref name="size"/> whose key contains
    /// <paramref name="search"/> (lower case; empty for all), and how many routes match in all. Without a search
    /// the page is a slice; with one, each key is compared in place, nothing is allocated per route, and only the
    /// page's routes are kept.
    /// </summary>
    public (int Total, List<EndpointPool> Routes) Find(string search, int page, int size)
    {
        var skip = (long)(page - 1) * size;
        var routes = new List<EndpointPool>(size);
        if (search.Length == 0)
        {
            for (var i = skip; i < Pools.Length && routes.Count < size; i++)
            {
                routes.Add(Pools[i]);
            }

            return (Pools.Length, routes);
        }

        var total = 0;
        foreach (var pool in Pools)
        {
            if (!pool.Key.Contains(search, StringComparison.Ordinal))
            {
                continue;
            }

            if (total >= skip && routes.Count < size)
            {
                routes.Add(pool);
            }

            total++;
        }

        return (total, routes);
    }
}
