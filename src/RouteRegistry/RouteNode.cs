using System.Collections.Concurrent;

namespace RouteRegistry;

/// <summary>
/// One node of a host's path trie (Gorouter <c>registry/container/trie.go</c>): a host at the root, then one node
/// per <c>/</c>-separated path segment. A node owns a pool when a route ends there. Readers walk it without a lock;
/// writers (under the table's write lock) publish child arrays with one reference write. Segments are lower-case and
/// compared case-insensitively so lookups need not lower-case the request.
/// </summary>
internal sealed class RouteNode
{
    // Most nodes have a handful of children at most; a scan of a small array is faster and far smaller than a hash
    // table. A node that grows wider (many paths under one host) switches to a concurrent dictionary.
    private const int WideThreshold = 8;

    private RouteNode[] _children = [];
    private ConcurrentDictionary<string, RouteNode>? _wideChildren;
    private EndpointPool? _pool;

    public RouteNode(string segment, RouteNode? parent, bool isWildcardHost)
    {
        Segment = segment;
        Parent = parent;
        IsWildcardHost = isWildcardHost;
    }

    /// <summary>The lower-case segment; for a root, the host dictionary key.</summary>
    public string Segment { get; }

    /// <summary>Null for a host (root) node.</summary>
    public RouteNode? Parent { get; }

    /// <summary>True for the root of a <c>*.domain</c> host, kept in the wildcard dictionary.</summary>
    public bool IsWildcardHost { get; }

    public EndpointPool? Pool
    {
        get => Volatile.Read(ref _pool);
        set => Volatile.Write(ref _pool, value);
    }

    public bool HasChildren => _wideChildren is { IsEmpty: false } || (_wideChildren is null && _children.Length > 0);

    public RouteNode? FindChild(ReadOnlySpan<char> segment)
    {
        var wide = Volatile.Read(ref _wideChildren);
        if (wide is not null)
        {
            return wide.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(segment, out var found) ? found : null;
        }

        foreach (var child in Volatile.Read(ref _children))
        {
            if (segment.Equals(child.Segment, StringComparison.OrdinalIgnoreCase))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>Writer only.</summary>
    public RouteNode GetOrAddChild(ReadOnlySpan<char> segment)
    {
        var existing = FindChild(segment);
        if (existing is not null)
        {
            return existing;
        }

        var child = new RouteNode(segment.ToString(), this, isWildcardHost: false);
        if (_wideChildren is not null)
        {
            _wideChildren[child.Segment] = child;
        }
        else if (_children.Length < WideThreshold)
        {
            var grown = new RouteNode[_children.Length + 1];
            _children.CopyTo(grown, 0);
            grown[^1] = child;
            Volatile.Write(ref _children, grown);
        }
        else
        {
            var wide = new ConcurrentDictionary<string, RouteNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var sibling in _children)
            {
                wide[sibling.Segment] = sibling;
            }

            wide[child.Segment] = child;

            // The old array stays in place: a reader that saw no dictionary yet still finds every older child there.
            Volatile.Write(ref _wideChildren, wide);
        }

        return child;
    }

    /// <summary>Writer only.</summary>
    public void RemoveChild(RouteNode child)
    {
        if (_wideChildren is not null)
        {
            _wideChildren.TryRemove(new KeyValuePair<string, RouteNode>(child.Segment, child));
            return;
        }

        var index = Array.IndexOf(_children, child);
        if (index < 0)
        {
            return;
        }

        RouteNode[] remaining = _children.Length == 1 ? [] : new RouteNode[_children.Length - 1];
        Array.Copy(_children, 0, remaining, 0, index);
        Array.Copy(_children, index + 1, remaining, index, _children.Length - index - 1);
        Volatile.Write(ref _children, remaining);
    }

    /// <summary>Adds the children to <paramref name="pending"/> for a depth-first walk.</summary>
    public void PushChildren(Stack<RouteNode> pending)
    {
        var wide = Volatile.Read(ref _wideChildren);
        if (wide is not null)
        {
            foreach (var child in wide.Values)
            {
                pending.Push(child);
            }

            return;
        }

        foreach (var child in Volatile.Read(ref _children))
        {
            pending.Push(child);
        }
    }
}
