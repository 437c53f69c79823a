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
    // table. A node that grows wider (many paths under one host) switches to a NodeTable, as the hosts are kept.
    private const int WideThreshold = 8;

    // A node's children: a RouteNode[] while it has at most WideThreshold, then a NodeTable. One field for either
    // keeps every node of a large table 8 bytes smaller.
    private object _children = Array.Empty<RouteNode>();
    private EndpointPool? _pool;

    public RouteNode(string segment, RouteNode? parent)
    {
        Segment = segment;
        Parent = parent;
    }

    /// <summary>The lower-case segment; for a root, the host (or the wildcard's domain) as stored in its host table.</summary>
    public string Segment { get; }

    /// <summary>Null for a host (root) node.</summary>
    public RouteNode? Parent { get; }

    public EndpointPool? Pool
    {
        get => Volatile.Read(ref _pool);
        set => Volatile.Write(ref _pool, value);
    }

    public bool HasChildren => Volatile.Read(ref _children) switch
    {
        RouteNode[] narrow => narrow.Length > 0,
        var wide => ((NodeTable)wide).Count > 0,
    };

    public RouteNode? FindChild(ReadOnlySpan<char> segment)
    {
        var children = Volatile.Read(ref _children);
        if (children is RouteNode[] narrow)
        {
            foreach (var child in narrow)
            {
                if (segment.Equals(child.Segment, StringComparison.OrdinalIgnoreCase))
                {
                    return child;
                }
            }

            return null;
        }

        return ((NodeTable)children).TryGetValue(segment, out var found) ? found : null;
    }

    /// <summary>Writer only.</summary>
    public RouteNode GetOrAddChild(ReadOnlySpan<char> segment)
    {
        var existing = FindChild(segment);
        if (existing is not null)
        {
            return existing;
        }

        var child = new RouteNode(segment.ToString(), this);
        if (_children is NodeTable wide)
        {
            wide.Add(child);
        }
        else if (_children is RouteNode[] { Length: < WideThreshold } narrow)
        {
            var grown = new RouteNode[narrow.Length + 1];
            narrow.CopyTo(grown, 0);
            grown[^1] = child;
            Volatile.Write(ref _children, grown);
        }
        else
        {
            var siblings = (RouteNode[])_children;
            var grown = new NodeTable();
            foreach (var sibling in siblings)
            {
                grown.Add(sibling);
            }

            grown.Add(child);

            // A reader still scanning the array finds every older child there.
            Volatile.Write(ref _children, grown);
        }

        return child;
    }

    /// <summary>Writer only.</summary>
    public void RemoveChild(RouteNode child)
    {
        if (_children is NodeTable wide)
        {
            wide.Remove(child);
            return;
        }

        var narrow = (RouteNode[])_children;
        var index = Array.IndexOf(narrow, child);
        if (index < 0)
        {
            return;
        }

        RouteNode[] remaining = narrow.Length == 1 ? [] : new RouteNode[narrow.Length - 1];
        Array.Copy(narrow, 0, remaining, 0, index);
        Array.Copy(narrow, index + 1, remaining, index, narrow.Length - index - 1);
        Volatile.Write(ref _children, remaining);
    }

    /// <summary>Adds the children to <paramref name="pending"/> for a depth-first walk.</summary>
    public void PushChildren(Stack<RouteNode> pending)
    {
        var children = Volatile.Read(ref _children);
        if (children is RouteNode[] narrow)
        {
            foreach (var child in narrow)
            {
                pending.Push(child);
            }

            return;
        }

        ((NodeTable)children).PushAll(pending);
    }
}
