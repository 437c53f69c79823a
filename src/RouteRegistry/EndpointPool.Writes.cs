namespace RouteRegistry;

/// <summary>The changes <see cref="RouteTable"/> makes, always under its write lock.</summary>
public sealed partial class EndpointPool
{
    internal enum PutResult
    {
        Added,
        Updated,
        Unmodified,
    }

    internal int IndexOf(string host, int port)
    {
        var endpoints = _endpoints;
        for (var i = 0; i < endpoints.Length; i++)
        {
            if (endpoints[i].Port == port && string.Equals(endpoints[i].Host, host, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Adds, replaces or refreshes the endpoint at the template's address (docs/gorouter-compatibility.md §2.4).</summary>
    internal PutResult Put(EndpointTemplate template, long now, out Endpoint endpoint)
    {
        var endpoints = _endpoints;
        var index = IndexOf(template.Host, template.Port);
        PutResult result;
        if (index >= 0 && template.Matches(endpoints[index]))
        {
            endpoint = endpoints[index];
            endpoint.Touch(now);
            result = PutResult.Unmodified;
        }
        else if (index >= 0)
        {
            endpoint = template.CreateEndpoint(endpoints[index], now);
            var replaced = (Endpoint[])endpoints.Clone();
            replaced[index] = endpoint;
            Volatile.Write(ref _endpoints, replaced);
            result = PutResult.Updated;
        }
        else
        {
            endpoint = template.CreateEndpoint(endpoints.Length > 0 ? endpoints[0] : null, now);
            var grown = new Endpoint[endpoints.Length + 1];
            endpoints.CopyTo(grown, 0);
            grown[^1] = endpoint;
            Volatile.Write(ref _endpoints, grown);
            result = PutResult.Added;
        }

        // Pool-wide settings follow the last registration processed for the route, whichever endpoint it was for.
        Volatile.Write(ref _routeServiceUrl, template.RouteServiceUrl);
        Volatile.Write(ref _lastChanged, now);
        return result;
    }

    internal Endpoint RemoveAt(int index, long now)
    {
        var endpoints = _endpoints;
        var removed = endpoints[index];
        Endpoint[] remaining = endpoints.Length == 1 ? [] : new Endpoint[endpoints.Length - 1];
        Array.Copy(endpoints, 0, remaining, 0, index);
        Array.Copy(endpoints, index + 1, remaining, index, endpoints.Length - index - 1);
        Volatile.Write(ref _endpoints, remaining);
        Volatile.Write(ref _lastChanged, now);
        if (_hash is not null)
        {
            UpdateHashRouting(null);
        }

        return removed;
    }

    /// <summary>
    /// Removes plain-HTTP endpoints whose last registration is older than their threshold (docs/gorouter-compatibility.md §3 step 3).
    /// TLS endpoints are never removed by age.
    /// </summary>
    /// <returns>The removed endpoints, or null when none was stale.</returns>
    internal List<Endpoint>? PruneStale(long now)
    {
        var endpoints = _endpoints;
        List<Endpoint>? pruned = null;
        foreach (var endpoint in endpoints)
        {
            // Strictly older, as Go's updated.Before(now - threshold).
            if (!endpoint.IsTls && _context.Time.GetElapsedTime(endpoint.LastSeen, now) > endpoint.StaleThreshold)
            {
                (pruned ??= []).Add(endpoint);
            }
        }

        if (pruned is null)
        {
            return null;
        }

        Endpoint[] remaining = endpoints.Length == pruned.Count ? [] : new Endpoint[endpoints.Length - pruned.Count];
        var next = 0;
        foreach (var endpoint in endpoints)
        {
            if (!pruned.Contains(endpoint))
            {
                remaining[next++] = endpoint;
            }
        }

        Volatile.Write(ref _endpoints, remaining);
        Volatile.Write(ref _lastChanged, now);
        if (_hash is not null)
        {
            UpdateHashRouting(null);
        }

        return pruned;
    }

    internal void Refresh(long now)
    {
        foreach (var endpoint in _endpoints)
        {
            endpoint.Touch(now);
        }
    }

    internal void SetAlgorithm(LoadBalancingAlgorithm algorithm) => Volatile.Write(ref _algorithm, (int)algorithm);
}
