using System.Diagnostics.CodeAnalysis;

namespace RouteRegistry;

/// <summary>
/// Route nodes by their <see cref="RouteNode.Segment"/>, compared case-insensitively: the route table's roots by host
/// (and by wildcard domain), and the children of a node with many. An open-addressing hash table of the nodes
/// themselves. Readers take no lock and allocate nothing; changes come from one writer at a time (the route table's
/// write lock). A slot holds the segment's hash code and its node, 12 bytes, and at most three slots in four are
/// used: about 20 bytes per node, where a <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}"/>
/// keeps a 48-byte node plus its bucket (about 4 MB less for 100,000 hosts). A probe compares hash codes in one array
/// and reads a node only when they match.
/// </summary>
/// <remarks>
/// A writer stores a slot's node before its hash code, and a reader reads the hash code before the node: a reader that
/// sees a node's hash code sees the node too. Hash code 0 marks a slot never used (a segment whose hash code is 0
/// is stored as 1). A removed node leaves its hash code and a marker node in its slot, so a reader probing past it still
/// reaches the nodes stored after it; markers are cleared when the slots are rebuilt. A rebuild fills new arrays and
/// publishes them with one reference write; a reader still probing the old ones sees the table as it was.
/// </remarks>
internal sealed class NodeTable
{
    private const int MinimumCapacity = 16;
    private const int Unused = 0;

    // Marks the slot of a removed node.
    private static readonly RouteNode Removed = new("", parent: null);

    private Slots _slots = new(MinimumCapacity);
    private int _count;
    private int _removed;

    /// <summary>Number of nodes.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The node of <paramref name="segment"/>, case-insensitively; lock-free.</summary>
    public bool TryGetValue(ReadOnlySpan<char> segment, [NotNullWhen(true)] out RouteNode? node)
    {
        var slots = Volatile.Read(ref _slots);
        var hash = Hash(segment);
        var index = slots.Home(hash);
        while (true)
        {
            var stored = Volatile.Read(ref slots.Hashes[index]);
            if (stored == Unused)
            {
                node = null;
                return false;
            }

            if (stored == hash
                && Volatile.Read(ref slots.Nodes[index]) is { } candidate
                && !ReferenceEquals(candidate, Removed)
                && segment.Equals(candidate.Segment, StringComparison.OrdinalIgnoreCase))
            {
                node = candidate;
                return true;
            }

            index = slots.Next(index);
        }
    }

    /// <summary>Adds a node whose segment is not in the table yet. Writer only.</summary>
    public void Add(RouteNode node)
    {
        if ((_count + _removed + 1) * 4L > _slots.Length * 3L)
        {
            Rebuild(Math.Max(MinimumCapacity, (_count + 1) * 2));
        }

        var slots = _slots;
        var hash = Hash(node.Segment);
        var index = slots.Home(hash);
        while (slots.Hashes[index] != Unused && !ReferenceEquals(slots.Nodes[index], Removed))
        {
            index = slots.Next(index);
        }

        if (slots.Hashes[index] != Unused)
        {
            _removed--;
        }

        Volatile.Write(ref slots.Nodes[index], node);
        Volatile.Write(ref slots.Hashes[index], hash);
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>Removes <paramref name="node"/> if it is the node stored for its segment. Writer only.</summary>
    public bool Remove(RouteNode node)
    {
        var slots = _slots;
        var index = slots.Home(Hash(node.Segment));
        while (slots.Hashes[index] != Unused)
        {
            if (ReferenceEquals(slots.Nodes[index], node))
            {
                Volatile.Write(ref slots.Nodes[index], Removed);
                Volatile.Write(ref _count, _count - 1);
                _removed++;
                if (_count * 8L < slots.Length && slots.Length > MinimumCapacity)
                {
                    // Mostly empty after nodes left: smaller slots, so a table that shrank does not keep its peak.
                    Rebuild(Math.Max(MinimumCapacity, _count * 2));
                }

                return true;
            }

            index = slots.Next(index);
        }

        return false;
    }

    /// <summary>Adds every node to <paramref name="pending"/>; lock-free, a view of the table at some moment during the call.</summary>
    public void PushAll(Stack<RouteNode> pending)
    {
        foreach (var node in Volatile.Read(ref _slots).Nodes)
        {
            if (node is not null && !ReferenceEquals(node, Removed))
            {
                pending.Push(node);
            }
        }
    }

    private static int Hash(ReadOnlySpan<char> segment) =>
        string.GetHashCode(segment, StringComparison.OrdinalIgnoreCase) is var hash and not Unused ? hash : 1;

    private void Rebuild(int capacity)
    {
        var rebuilt = new Slots(capacity);
        var old = _slots;
        for (var i = 0; i < old.Length; i++)
        {
            var node = old.Nodes[i];
            if (node is null || ReferenceEquals(node, Removed))
            {
                continue;
            }

            var index = rebuilt.Home(old.Hashes[i]);
            while (rebuilt.Hashes[index] != Unused)
            {
                index = rebuilt.Next(index);
            }

            rebuilt.Nodes[index] = node;
            rebuilt.Hashes[index] = old.Hashes[i];
        }

        _removed = 0;
        Volatile.Write(ref _slots, rebuilt);
    }

    /// <summary>One generation of slots: hash codes and nodes side by side, replaced together by a rebuild.</summary>
    private sealed class Slots(int capacity)
    {
        public readonly int[] Hashes = new int[capacity];
        public readonly RouteNode?[] Nodes = new RouteNode?[capacity];

        public int Length => Hashes.Length;

        // Lemire's multiply-shift maps the hash code onto any length without a division.
        public int Home(int hash) => (int)(((ulong)(uint)hash * (ulong)Hashes.Length) >> 32);

        public int Next(int index) => index + 1 == Hashes.Length ? 0 : index + 1;
    }
}
