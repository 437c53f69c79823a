using RouteRegistry;

namespace Router.Dashboard;

/// <summary>
/// Keeps a <see cref="RouteListing"/> for the dashboard so that a page request does not sort the table: the listing
/// is rebuilt only when routes were added or removed, and then at most once per <see cref="RebuildInterval"/>
/// (sorting 100,000 keys takes over a hundred milliseconds), so a page can lag a new route by that long. Rebuilds are
/// serialised on a lock of the dashboard's own; the request path never sees it.
/// </summary>
internal sealed class RouteIndex(RouteTable table, TimeProvider time)
{
    public static readonly TimeSpan RebuildInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _rebuild = new();
    private RouteListing? _current;

    /// <summary>The listing, rebuilt first when the table's routes changed and the last build is old enough.</summary>
    public RouteListing Current()
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && !NeedsRebuild(current))
        {
            return current;
        }

        lock (_rebuild)
        {
            current = _current;
            if (current is null || NeedsRebuild(current))
            {
                // The version is read before the snapshot: a change during the snapshot triggers the next rebuild.
                var version = table.RoutesVersion;
                var pools = table.Pools();
                var keys = new string[pools.Length];
                for (var i = 0; i < pools.Length; i++)
                {
                    keys[i] = pools[i].Key;
                }

                // Sorting the keys with the pools alongside: ordinal comparisons of strings, no delegate, no struct
                // copies (RouteIndexBenchmarks.BuildListing).
                Array.Sort(keys, pools, StringComparer.Ordinal);
                current = new RouteListing(version, pools, time.GetTimestamp());
                Volatile.Write(ref _current, current);
            }

            return current;
        }
    }

    private bool NeedsRebuild(RouteListing listing) =>
        listing.Version != table.RoutesVersion && time.GetElapsedTime(listing.BuiltAt) >= RebuildInterval;
}
