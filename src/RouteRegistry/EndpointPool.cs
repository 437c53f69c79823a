using RouteRegistry.LoadBalancing;

namespace RouteRegistry;

/// <summary>
/// The endpoints of one route key plus the route's own settings (docs/gorouter-compatibility.md §2.1, §2.3): round-robin cursor,
/// algorithm and route-service URL. Readers take no lock: the endpoint array is replaced, never changed, and
/// published with one reference write. Changes come only from <see cref="RouteTable"/> under its write lock.
/// </summary>
public sealed partial class EndpointPool
{
    /// <summary>The tag naming an endpoint's process (Diego sets it to the process GUID).</summary>
    private const string ProcessIdTag = "process_id";

    private readonly PoolContext _context;
    private Endpoint[] _endpoints = [];
    private string _routeServiceUrl = "";
    private int _algorithm;

    // _algorithm's value while the route has not chosen one: it follows the table's default, which a reload may change.
    private const int TableDefault = -1;
    private HashRouting? _hash;
    private int _cursor;
    private long _lastChanged;

    // A null algorithm follows the table's default, also after a reload changes it.
    internal EndpointPool(string key, string host, string contextPath, LoadBalancingAlgorithm? algorithm, PoolContext context, long now)
    {
        Key = key;
        Host = host;
        ContextPath = contextPath;
        _algorithm = algorithm is { } own ? (int)own : TableDefault;
        _context = context;
        _lastChanged = now;

        // Each route starts its rotation at a random endpoint so that routers do not all hit the same one first.
        _cursor = Random.Shared.Next();
    }

    /// <summary>The lower-case registration key, <c>host/path</c> (the <c>/routes</c> key).</summary>
    public string Key { get; }

    /// <summary>The route's host in its registered case.</summary>
    public string Host { get; }

    /// <summary>The route's path in its registered case, <c>/</c> for host-only routes (sticky cookie path).</summary>
    public string ContextPath { get; }

    /// <summary>The current endpoints; a consistent snapshot that later changes do not affect.</summary>
    public ReadOnlySpan<Endpoint> Endpoints => Volatile.Read(ref _endpoints);

    /// <summary>The same snapshot as <see cref="Endpoints"/>, usable across <c>await</c>.</summary>
    public ReadOnlyMemory<Endpoint> EndpointsSnapshot => Volatile.Read(ref _endpoints);

    /// <summary>True when the route has no endpoints (it lingers, or TLS endpoints were pruned on failure).</summary>
    public bool IsEmpty => Volatile.Read(ref _endpoints).Length == 0;

    /// <summary>Number of endpoints.</summary>
    public int Count => Volatile.Read(ref _endpoints).Length;

    /// <summary>The route's algorithm: the last valid <c>options.loadbalancing</c> registered, else the table default.</summary>
    public LoadBalancingAlgorithm Algorithm => Volatile.Read(ref _algorithm) is var own and >= 0
        ? (LoadBalancingAlgorithm)own
        : _context.DefaultAlgorithm;

    /// <summary>
    /// On a hash route, the request header whose value picks the endpoint (<c>options.hash_header</c> of the last
    /// registration processed); null on other routes and on a hash route registered without one.
    /// </summary>
    public string? HashHeader => Algorithm == LoadBalancingAlgorithm.Hash ? Volatile.Read(ref _hash)?.Header : null;

    /// <summary>On a hash route, the balance factor (<c>options.hash_balance</c>); 0 when off or on other routes.</summary>
    public double HashBalanceFactor => Algorithm == LoadBalancingAlgorithm.Hash ? Volatile.Read(ref _hash)?.BalanceFactor ?? 0 : 0;

    /// <summary>The route service of the route, from the last registration processed for it; empty for none.</summary>
    public string RouteServiceUrl => Volatile.Read(ref _routeServiceUrl);

    /// <summary>Timestamp of the last change (add, update, removal, refresh), for lingering empty routes.</summary>
    internal long LastChanged => Volatile.Read(ref _lastChanged);

    /// <summary>
    /// True when the route has endpoints and every one has reached <paramref name="maxConns"/> (docs/gorouter-compatibility.md §4.5);
    /// always false when <paramref name="maxConns"/> is zero (unlimited).
    /// </summary>
    public bool AllAtLimit(int maxConns)
    {
        var endpoints = Volatile.Read(ref _endpoints);
        if (maxConns <= 0 || endpoints.Length == 0)
        {
            return false;
        }

        foreach (var endpoint in endpoints)
        {
            if (!endpoint.IsAtLimit(maxConns))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The endpoint whose <see cref="Endpoint.InstanceIdOrAddress"/> equals <paramref name="vcapId"/> (sticky sessions, docs/gorouter-compatibility.md §7.1).</summary>
    public Endpoint? FindByInstanceId(ReadOnlySpan<char> vcapId)
    {
        if (vcapId.IsEmpty)
        {
            return null;
        }

        var isGuid = CompactId.TryFromGuidText(vcapId, out var guid);
        foreach (var endpoint in Volatile.Read(ref _endpoints))
        {
            if (endpoint.InstanceIdOrAddressEquals(vcapId, isGuid, guid))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>The endpoint of app <paramref name="appGuid"/> with instance index <paramref name="index"/> (<c>X-CF-APP-INSTANCE</c>, docs/gorouter-compatibility.md §7.2).</summary>
    public Endpoint? FindByAppInstance(ReadOnlySpan<char> appGuid, ReadOnlySpan<char> index)
    {
        foreach (var endpoint in Volatile.Read(ref _endpoints))
        {
            if (endpoint.ApplicationIdEquals(appGuid) && endpoint.InstanceIndexEquals(index))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>
    /// The endpoints whose <c>process_id</c> tag is <paramref name="processGuid"/> and, when <paramref name="index"/> is
    /// not empty, whose instance index is <paramref name="index"/> (<c>X-CF-PROCESS-INSTANCE</c>,
    /// docs/gorouter-compatibility.md §7.2), in the pool's order; empty when none is.
    /// </summary>
    public Endpoint[] FindByProcessInstance(ReadOnlySpan<char> processGuid, ReadOnlySpan<char> index)
    {
        var endpoints = Volatile.Read(ref _endpoints);
        var count = 0;
        foreach (var endpoint in endpoints)
        {
            if (IsProcessInstance(endpoint, processGuid, index))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var matches = new Endpoint[count];
        count = 0;
        foreach (var endpoint in endpoints)
        {
            if (IsProcessInstance(endpoint, processGuid, index))
            {
                matches[count++] = endpoint;
            }
        }

        return matches;
    }

    private static bool IsProcessInstance(Endpoint endpoint, ReadOnlySpan<char> processGuid, ReadOnlySpan<char> index) =>
        endpoint.Tags.TryGetValue(ProcessIdTag, out var processId) && processGuid.SequenceEqual(processId)
        && (index.IsEmpty || endpoint.InstanceIndexEquals(index));

    /// <summary>
    /// Picks the endpoint for one attempt with the route's algorithm (docs/gorouter-compatibility.md §4.1, §4.2, §4.4), skipping endpoints at
    /// <paramref name="maxConns"/>, and returns it with its in-flight slot already taken: the caller must
    /// <see cref="Endpoint.Release"/> it. The first round-robin pick of a request takes and advances the route's
    /// cursor; retries continue after the previous pick. An endpoint already tried in this request is picked again
    /// only when no untried one is usable. A hash route picks as the table's default algorithm does here; pass the
    /// request's <see cref="HashHeader"/> value to the other overload.
    /// </summary>
    /// <param name="state">The request's iterator state.</param>
    /// <param name="maxConns">Per-endpoint in-flight limit, 0 for none.</param>
    /// <returns>The acquired endpoint, or null when none is selectable.</returns>
    public Endpoint? Select(ref EndpointSelection state, int maxConns) => Select(ref state, maxConns, default);

    /// <summary>
    /// <see cref="Select(ref EndpointSelection, int)"/> for a request whose <see cref="HashHeader"/> has the value
    /// <paramref name="hashKey"/> (docs/gorouter-compatibility.md §4.6): on a hash route a non-empty value picks by consistent
    /// hashing; an empty one, or any other route, picks as the other overload does.
    /// </summary>
    public Endpoint? Select(ref EndpointSelection state, int maxConns, ReadOnlySpan<char> hashKey)
    {
        var endpoints = Volatile.Read(ref _endpoints);
        var count = endpoints.Length;
        if (count == 0)
        {
            return null;
        }

        var algorithm = Algorithm;
        if (algorithm == LoadBalancingAlgorithm.Hash)
        {
            if (!hashKey.IsEmpty && Volatile.Read(ref _hash) is { Table: { } table } hash)
            {
                return SelectByHash(endpoints, table, hash.BalanceFactor, hashKey, ref state, maxConns);
            }

            // Gorouter falls back to the configured balancing_algorithm, not to the route's.
            algorithm = _context.DefaultAlgorithm;
        }

        var roundRobin = algorithm != LoadBalancingAlgorithm.LeastConnection;
        var start = 0;
        if (roundRobin)
        {
            start = state.HasPosition
                ? (int)((uint)state.NextPosition % (uint)count)
                : (int)((uint)(Interlocked.Increment(ref _cursor) - 1) % (uint)count);
        }

        // Only the first attempt prefers the router's zone; retries use every zone (docs/gorouter-compatibility.md §4.4).
        var zone = state.Attempts == 0 ? _context.LocalZone : null;

        // A pick can lose its slot to a concurrent request between the scan and TryAcquire; the endpoint is then at
        // the limit and the next scan skips it, so a few rounds always settle.
        for (var round = 0; round <= count; round++)
        {
            var index = zone is null
                ? Pick(endpoints, roundRobin, start, state, maxConns)
                : PickPreferringZone(endpoints, roundRobin, start, state, maxConns, zone);
            if (index < 0)
            {
                return null;
            }

            var endpoint = endpoints[index];
            if (endpoint.TryAcquire(maxConns))
            {
                state.RecordSelected(endpoint, index, roundRobin);
                return endpoint;
            }
        }

        return null;
    }

    private int Pick(Endpoint[] endpoints, bool roundRobin, int start, in EndpointSelection state, int maxConns) =>
        roundRobin
            ? RoundRobinSelector.Pick(endpoints, start, state, maxConns, _context.Time, _context.FailureMarkDuration)
            : LeastConnectionSelector.Pick(endpoints, state, maxConns);

    private int PickPreferringZone(Endpoint[] endpoints, bool roundRobin, int start, in EndpointSelection state, int maxConns, string zone)
    {
        if (!roundRobin)
        {
            var local = LeastConnectionSelector.Pick(endpoints, state, maxConns, zone);
            return local >= 0 ? local : LeastConnectionSelector.Pick(endpoints, state, maxConns);
        }

        var index = RoundRobinSelector.PickInZone(endpoints, start, maxConns, _context.Time, _context.FailureMarkDuration, zone);
        if (index >= 0)
        {
            return index;
        }

        // Gorouter's round-robin ends a lap without a local endpoint by clearing the route's failure marks, then
        // takes the first usable endpoint of any zone (route/roundrobin.go).
        RoundRobinSelector.ClearMarks(endpoints);
        return RoundRobinSelector.Pick(endpoints, start, state, maxConns, _context.Time, _context.FailureMarkDuration);
    }

    /// <summary>
    /// Marks <paramref name="endpoint"/> failed on this route: round-robin skips it for a quarter of the stale
    /// threshold (docs/gorouter-compatibility.md §5.2 "Mark failed"). Least-connection ignores marks.
    /// </summary>
    public void EndpointFailed(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.MarkFailed(_context.Time.GetTimestamp());
    }

    /// <inheritdoc />
    public override string ToString() => Key;
}
