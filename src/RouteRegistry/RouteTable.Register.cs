using Microsoft.Extensions.Logging;
using RouteMessages;

namespace RouteRegistry;

/// <summary>Registration and unregistration (docs/gorouter-compatibility.md §2.3-§2.6).</summary>
public sealed partial class RouteTable
{
    /// <summary>
    /// Processes a <c>router.register</c> message: the endpoint is added to, replaces its older version in, or
    /// refreshes its freshness in the pool of every URI (docs/gorouter-compatibility.md §2.3, §2.4). Messages whose isolation segment
    /// is outside this router's shard are ignored (docs/gorouter-compatibility.md §2.6).
    /// </summary>
    /// <returns>Per-URI counts for the <c>registry_message</c> metric.</returns>
    public RegistrationResult Register(RegistrationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Register(message, restoredAge: null);
    }

    /// <param name="message">The registration.</param>
    /// <param name="restoredAge">
    /// Null for a live registration. For an entry restored from a route snapshot, how long ago it was last
    /// registered: the endpoint starts that old, and an endpoint already at its address is left as it is.
    /// </param>
    private RegistrationResult Register(RegistrationMessage message, TimeSpan? restoredAge)
    {
        var uris = message.Uris;
        if (uris is null || uris.Count == 0)
        {
            return default;
        }

        if (!AcceptsSegment(message.IsolationSegment))
        {
            Log.OutsideShard(_logger, message.Host, message.EffectivePort, message.IsolationSegment);
            return new RegistrationResult(0, 0, 0, uris.Count);
        }

        int added = 0, updated = 0, unmodified = 0, invalidOptions = 0;

        // A restore replays thousands of endpoints at start-up; the snapshot loader logs one line for all of them.
        var changeLevel = restoredAge is null ? LogLevel.Information : LogLevel.Debug;
        lock (_writeLock)
        {
            var now = _time.GetTimestamp();
            var template = EndpointTemplate.Create(message, Options, _sharing);

            // Indexed rather than foreach: enumerating the IList would allocate an enumerator per message.
            for (var i = 0; i < uris.Count; i++)
            {
                if (!RouteKey.TryParse(uris[i], out var key))
                {
                    continue;
                }

                if (restoredAge is not null && FindExactNode(key)?.Pool is { } existing
                    && existing.IndexOf(template.Host, template.Port) >= 0)
                {
                    // A live registration arrived first: the snapshot's older copy neither replaces nor ages it.
                    unmodified++;
                    continue;
                }

                var node = GetOrCreateNode(key);
                var pool = node.Pool;
                var isNewRoute = pool is null;
                if (pool is null)
                {
                    // Published to readers only once it holds its first endpoint: a lookup must never see a new
                    // route empty (it would answer 404/503 for a route being registered).
                    pool = new EndpointPool(key.Key, key.Host, key.ContextPath, null, _poolContext, now);
                    Log.RouteRegistered(_logger, pool.Key, changeLevel);
                }

                var put = pool.Put(template, now, out var endpoint);
                if (restoredAge is { } age)
                {
                    endpoint.Touch(now - (long)(age.TotalSeconds * _time.TimestampFrequency));
                }

                switch (put)
                {
                    case EndpointPool.PutResult.Added:
                        added++;
                        _endpointCount++;
                        Log.EndpointRegistered(_logger, changeLevel, pool.Key, endpoint, "added");
                        break;
                    case EndpointPool.PutResult.Updated:
                        updated++;
                        Log.EndpointRegistered(_logger, changeLevel, pool.Key, endpoint, "updated");
                        break;
                    default:
                        unmodified++;
                        Log.EndpointRegistered(_logger, LogLevel.Debug, pool.Key, endpoint, "unmodified");
                        break;
                }

                if (!ApplyLoadBalancingOption(pool, endpoint))
                {
                    invalidOptions++;
                }

                if (put != EndpointPool.PutResult.Unmodified || (pool.Algorithm == LoadBalancingAlgorithm.Hash) != pool.HasHashRouting)
                {
                    pool.UpdateHashRouting(endpoint);
                }

                if (isNewRoute)
                {
                    node.Pool = pool;
                    _routeCount++;
                    RouteSetChanged();
                }
            }

            if (restoredAge is null)
            {
                Volatile.Write(ref _lastRegistryUpdateTicks, _time.GetUtcNow().UtcTicks);
                RegisterMessageProcessed();
            }

            _changes++;
        }

        return new RegistrationResult(added, updated, unmodified, 0, invalidOptions);
    }

    /// <summary>
    /// Processes a <c>router.unregister</c> message (docs/gorouter-compatibility.md §2.5): for every URI, the exact route (no prefix or
    /// wildcard matching) loses the endpoint at <c>host:effective-port</c>, whatever its other fields. A route left
    /// empty is deleted unless empty routes linger (<see cref="RouteTableOptions.EmptyPoolTimeout"/>).
    /// </summary>
    /// <returns>The number of URIs processed (for the <c>unregistry_message</c> metric); 0 when outside the shard.</returns>
    public int Unregister(RegistrationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var uris = message.Uris;
        if (uris is null || uris.Count == 0 || !AcceptsSegment(message.IsolationSegment))
        {
            return 0;
        }

        var host = message.Host ?? "";
        var port = message.EffectivePort;
        var backend = new BackendAddress(host, port);
        var processed = 0;
        lock (_writeLock)
        {
            var now = _time.GetTimestamp();
            for (var i = 0; i < uris.Count; i++)
            {
                if (!RouteKey.TryParse(uris[i], out var key))
                {
                    continue;
                }

                processed++;
                var node = FindExactNode(key);
                var pool = node?.Pool;
                if (node is null || pool is null)
                {
                    Log.EndpointNotUnregistered(_logger, LogLevel.Debug, key.Key, backend);
                    continue;
                }

                var index = pool.IndexOf(host, port);
                if (index >= 0 && pool.Count == 1 && !(Options.EmptyPoolResponseCode503 && Options.EmptyPoolTimeout > TimeSpan.Zero))
                {
                    // The last endpoint: the route leaves the table before its pool empties, so readers go from
                    // "routed" straight to "no route" and never see the route empty.
                    RemoveRoute(node);
                    var last = pool.RemoveAt(index, now);
                    _endpointCount--;
                    Log.EndpointUnregistered(_logger, pool.Key, last);
                    Log.RouteUnregistered(_logger, pool.Key);
                    _changes++;
                    continue;
                }

                if (index >= 0)
                {
                    var removed = pool.RemoveAt(index, now);
                    _endpointCount--;
                    Log.EndpointUnregistered(_logger, pool.Key, removed);
                }
                else
                {
                    Log.EndpointNotUnregistered(_logger, LogLevel.Information, pool.Key, backend);
                }

                _changes++;

                if (pool.IsEmpty && !Lingers(pool, now))
                {
                    RemoveRoute(node);
                    Log.RouteUnregistered(_logger, pool.Key);
                }
            }
        }

        return processed;
    }

    private bool AcceptsSegment(string? isolationSegment)
    {
        var segment = isolationSegment ?? "";
        return Options.ShardingMode switch
        {
            ShardingMode.SharedAndSegments => segment.Length == 0 || Options.IsolationSegments.Contains(segment),
            ShardingMode.Segments => Options.IsolationSegments.Contains(segment),
            _ => true,
        };
    }

    /// <returns>False when the registration's options are unusable: an unknown algorithm, or hash without a header.</returns>
    private bool ApplyLoadBalancingOption(EndpointPool pool, Endpoint endpoint)
    {
        // Only a non-empty valid value changes the route's algorithm; later messages without one never revert it.
        var option = endpoint.LoadBalancingOption;
        if (option is null)
        {
            return true;
        }

        if (!LoadBalancingAlgorithms.TryParse(option, out var algorithm))
        {
            Log.InvalidLoadBalancingAlgorithm(_logger, option, LoadBalancingAlgorithms.ToConfigString(pool.Algorithm), pool.Key);
            return false;
        }

        pool.SetAlgorithm(algorithm);
        if (algorithm == LoadBalancingAlgorithm.Hash && endpoint.HashHeader is null)
        {
            // Gorouter logs this on every request and balances such requests with the default algorithm; here it is
            // said once per registration, and requests do the same.
            Log.HashHeaderMissing(_logger, pool.Key, endpoint.Backend);
            return false;
        }

        return true;
    }

    /// <summary>True when an empty route is kept to answer 503 (docs/gorouter-compatibility.md §2.5, §5.6).</summary>
    private bool Lingers(EndpointPool pool, long now) =>
        Options.EmptyPoolResponseCode503
        && Options.EmptyPoolTimeout > TimeSpan.Zero
        && _time.GetElapsedTime(pool.LastChanged, now) < Options.EmptyPoolTimeout;

    private RouteNode GetOrCreateNode(in RouteKey key)
    {
        var hostKey = key.HostLookupKey;
        var roots = key.IsWildcard ? _wildcards : _hosts;
        if (!roots.TryGetValue(hostKey, out var node))
        {
            // Reuse the key or the registered host as the host table's key when the text is the same.
            var hostString = key.IsWildcard ? hostKey.ToString()
                : !key.HasPath ? key.Key
                : hostKey.SequenceEqual(key.Host) ? key.Host
                : hostKey.ToString();
            node = new RouteNode(hostString, parent: null);
            roots.Add(node);
        }

        if (!key.HasPath)
        {
            return node;
        }

        var rest = key.PathPart;
        while (true)
        {
            var slash = rest.IndexOf('/');
            node = node.GetOrAddChild(slash < 0 ? rest : rest[..slash]);
            if (slash < 0)
            {
                return node;
            }

            rest = rest[(slash + 1)..];
        }
    }

    private RouteNode? FindExactNode(in RouteKey key)
    {
        var roots = key.IsWildcard ? _wildcards : _hosts;
        if (!roots.TryGetValue(key.HostLookupKey, out var node) || !key.HasPath)
        {
            return node;
        }

        var rest = key.PathPart;
        while (node is not null)
        {
            var slash = rest.IndexOf('/');
            node = node.FindChild(slash < 0 ? rest : rest[..slash]);
            if (slash < 0)
            {
                break;
            }

            rest = rest[(slash + 1)..];
        }

        return node;
    }

    /// <summary>Drops the node's pool and every node left without pool or children (Gorouter <c>Trie.Snip</c>).</summary>
    private void RemoveRoute(RouteNode node)
    {
        node.Pool = null;
        _routeCount--;
        RouteSetChanged();
        var current = node;
        while (current.Pool is null && !current.HasChildren)
        {
            var parent = current.Parent;
            if (parent is null)
            {
                // A root is in one of the two host tables; each removes only this very node.
                _ = _hosts.Remove(current) || _wildcards.Remove(current);
                return;
            }

            parent.RemoveChild(current);
            current = parent;
        }
    }
}
