using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RouteRegistry;

/// <summary>
/// The routing table (Gorouter's <c>registry.RouteRegistry</c> with its <c>container.Trie</c>, docs/gorouter-compatibility.md §2):
/// route keys to <see cref="EndpointPool"/>s, fed by registration messages and pruned by age.
/// </summary>
/// <remarks>
/// Exact hosts and wildcard hosts (<c>*.domain</c>, keyed by <c>domain</c>) live in two case-insensitive host tables
/// (<see cref="NodeTable"/>), each host the root of a path trie. <see cref="Lookup"/> takes no lock and allocates
/// nothing: it probes the host tables with spans and walks immutable child arrays. All changes serialise on one
/// write lock.
/// </remarks>
public sealed partial class RouteTable
{
    private const string WildcardPrefix = "*.";

    private readonly NodeTable _hosts = new();
    private readonly NodeTable _wildcards = new();
    private readonly Lock _writeLock = new();
    private readonly EndpointSharing _sharing = new();
    private readonly PoolContext _poolContext;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _routeCount;
    private int _endpointCount;
    private long _lastRegistryUpdateTicks;
    private long _prunedEndpointsTotal;

    /// <summary>Creates an empty table.</summary>
    /// <param name="options">Table settings; validated here.</param>
    /// <param name="timeProvider">Clock for freshness, failure marks and lingering routes.</param>
    /// <param name="logger">Registry event log (Gorouter event names).</param>
    public RouteTable(RouteTableOptions options, TimeProvider timeProvider, ILogger<RouteTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.DropletStaleThreshold, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EmptyPoolTimeout, TimeSpan.Zero, nameof(options));
        ArgumentNullException.ThrowIfNull(options.IsolationSegments, nameof(options));
        if (options.ShardingMode == ShardingMode.Segments && options.IsolationSegments.Count == 0)
        {
            throw new ArgumentException("Sharding mode 'segments' needs at least one isolation segment.", nameof(options));
        }

        if (options.DefaultLoadBalancing == LoadBalancingAlgorithm.Hash)
        {
            throw new ArgumentException("Hash-based routing is a per-route option; it needs the route's hash_header.", nameof(options));
        }

        Options = options;
        _time = timeProvider;
        _logger = logger ?? (ILogger)NullLogger<RouteTable>.Instance;
        _poolContext = new PoolContext(timeProvider, options.FailureMarkDuration, options.DefaultLoadBalancing, options.LocalAvailabilityZone);
    }

    /// <summary>The table's settings as it was created; <see cref="DefaultLoadBalancing"/> may have changed since.</summary>
    public RouteTableOptions Options { get; }

    /// <summary>
    /// The algorithm of every route that chose none in its registrations (<c>balancing_algorithm</c>). Setting it
    /// changes those routes from their next request on; routes with their own algorithm keep it.
    /// </summary>
    /// <exception cref="ArgumentException">The value is <see cref="LoadBalancingAlgorithm.Hash"/>, a per-route option only.</exception>
    public LoadBalancingAlgorithm DefaultLoadBalancing
    {
        get => _poolContext.DefaultAlgorithm;
        set
        {
            if (value == LoadBalancingAlgorithm.Hash)
            {
                throw new ArgumentException("Hash-based routing is a per-route option; it needs the route's hash_header.", nameof(value));
            }

            _poolContext.DefaultAlgorithm = value;
        }
    }

    /// <summary>Number of route keys, including empty routes that linger (<c>total_routes</c>).</summary>
    public int RouteCount => Volatile.Read(ref _routeCount);

    /// <summary>Number of endpoints summed over all routes (an endpoint under two URIs counts twice).</summary>
    public int EndpointCount => Volatile.Read(ref _endpointCount);

    /// <summary>When the last register message was processed, or null if none yet (<c>ms_since_last_registry_update</c>).</summary>
    public DateTimeOffset? LastRegistryUpdate
    {
        get
        {
            var ticks = Volatile.Read(ref _lastRegistryUpdateTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Endpoints removed by age since the table was created (<c>routes_pruned</c>).</summary>
    public long PrunedEndpointsTotal => Interlocked.Read(ref _prunedEndpointsTotal);

    /// <summary>
    /// Finds the route for a request (docs/gorouter-compatibility.md §2.2): the longest <c>/</c>-segment prefix of
    /// <paramref name="path"/> under <paramref name="host"/> whose pool has endpoints; else the empty pool of the
    /// deepest node reached, if it has one; else the same under <c>*.parent-domain</c>, repeatedly. Matching is
    /// case-insensitive, one trailing <c>/</c> is ignored, and the path is neither decoded nor normalised. Takes no
    /// lock and allocates nothing.
    /// </summary>
    /// <param name="host">The request's <c>Host</c> as received; anything from the first <c>:</c> is ignored.</param>
    /// <param name="path">The escaped request path; anything from a <c>?</c> is ignored.</param>
    /// <returns>The route's pool, possibly empty, or null when no route matches.</returns>
    public EndpointPool? Lookup(ReadOnlySpan<char> host, ReadOnlySpan<char> path)
    {
        var colon = host.IndexOf(':');
        if (colon >= 0)
        {
            host = host[..colon];
        }

        if (host.IsEmpty)
        {
            return null;
        }

        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        // Gorouter matches on host + path; a path that does not start with '/' (such as "*") names no route.
        if (!path.IsEmpty && path[0] != '/')
        {
            return null;
        }

        if (path.EndsWith('/'))
        {
            path = path[..^1];
        }

        // A literal "*.domain" host is looked up as the wildcard itself, as Gorouter's trie holds it under that key.
        RouteNode? root;
        var domain = host;
        if (host.StartsWith(WildcardPrefix, StringComparison.Ordinal))
        {
            domain = host[WildcardPrefix.Length..];
            _wildcards.TryGetValue(domain, out root);
        }
        else
        {
            _hosts.TryGetValue(host, out root);
        }

        var pool = root is null ? null : Match(root, path);

        // Wildcard retry: a.b.example.com -> *.b.example.com -> *.example.com -> *.com.
        while (pool is null)
        {
            var dot = domain.IndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            domain = domain[(dot + 1)..];
            if (_wildcards.TryGetValue(domain, out root))
            {
                pool = Match(root, path);
            }
        }

        return pool;
    }

    /// <summary>Walks one host's trie (Gorouter <c>Trie.MatchUri</c>).</summary>
    private static EndpointPool? Match(RouteNode root, ReadOnlySpan<char> path)
    {
        var node = root;
        var pool = node.Pool;
        var live = pool is { IsEmpty: false } ? pool : null;
        if (!path.IsEmpty)
        {
            // Empty segments count: "//api" is the segments "", "api", so it does not reach route "/api".
            var rest = path[1..];
            while (true)
            {
                var slash = rest.IndexOf('/');
                var child = node.FindChild(slash < 0 ? rest : rest[..slash]);
                if (child is null)
                {
                    break;
                }

                node = child;
                pool = node.Pool;
                if (pool is { IsEmpty: false })
                {
                    live = pool;
                }

                if (slash < 0)
                {
                    break;
                }

                rest = rest[(slash + 1)..];
            }
        }

        return live ?? node.Pool;
    }
}
