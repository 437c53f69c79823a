using System.Diagnostics.CodeAnalysis;

namespace RouteRegistry;

/// <summary>
/// The route table's roots by host, compared case-insensitively: an open-addressing hash table of the root nodes
/// themselves, each found by its <see cref="RouteNode.Segment"/>. Readers take no lock and allocate nothing; changes
/// come from one writer at a time (the route table's write lock). It stores one reference per slot and keeps at most
/// three slots in four used, about 14 bytes per host, where a <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}"/>
/// keeps a 48-byte node plus its bucket: 4.5 MB less at 100,000 routes.
/// </summary>
/// <remarks>
/// A slot is written with one reference write: a reader sees a host either before or after a change, never a torn
/// entry. A removed host leaves a marker in its slot, so a reader probing past it still reaches the hosts stored
/// after it; markers are cleared when the array is rebuilt. A rebuild fills a new array and publishes it with one
/// reference write; a reader still probing the old one sees the table as it was before the change.
/// </remarks>
internal sealed class HostTable
{
    private const int MinimumCapacity = 16;

    // Marks the slot of a removed host.
    private static readonly RouteNode Removed = new("", parent: null);

    private RouteNode?[] _slots = new RouteNode?[MinimumCapacity];
    private int _count;
    private int _removed;

    /// <summary>Number of hosts.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The root of <paramref name="host"/>, case-insensitively; lock-free.</summary>
    public bool TryGetValue(ReadOnlySpan<char> host, [NotNullWhen(true)] out RouteNode? node)
    {
        var slots = Volatile.Read(ref _slots);
        var index = Home(host, slots.Length);
        while (true)
        {
            var slot = Volatile.Read(ref slots[index]);
            if (slot is null)
            {
                node = null;
                return false;
            }

            if (host.Equals(slot.Segment, StringComparison.OrdinalIgnoreCase) && !ReferenceEquals(slot, Removed))
            {
                node = slot;
                return true;
            }

            if (++index == slots.Length)
            {
                index = 0;
            }
        }
    }

    /// <summary>Adds a root whose host is not in the table yet. Writer only.</summary>
    public void Add(RouteNode node)
    {
        if ((_count + _removed + 1) * 4L > _slots.Length * 3L)
        {
            Rebuild(Math.Max(MinimumCapacity, (_count + 1) * 2));
        }

        var slots = _slots;
        var index = Home(node.Segment, slots.Length);
        while (slots[index] is { } taken && !ReferenceEquals(taken, Removed))
        {
            if (++index == slots.Length)
            {
                index = 0;
            }
        }

        if (slots[index] is not null)
        {
            _removed--;
        }

        Volatile.Write(ref slots[index], node);
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>Removes <paramref name="node"/> if it is the root stored for its host. Writer only.</summary>
    public bool Remove(RouteNode node)
    {
        var slots = _slots;
        var index = Home(node.Segment, slots.Length);
        while (slots[index] is { } slot)
        {
            if (ReferenceEquals(slot, node))
            {
                Volatile.Write(ref slots[index], Removed);
                Volatile.Write(ref _count, _count - 1);
                _removed++;
                if (_count * 8L < slots.Length && slots.Length > MinimumCapacity)
                {
                    // Mostly empty after hosts left: a smaller array, so a table that shrank does not keep its peak.
                    Rebuild(Math.Max(MinimumCapacity, _count * 2));
                }

                return true;
            }

            if (++index == slots.Length)
            {
                index = 0;
            }
        }

        return false;
    }

    /// <summary>Adds every root to <paramref name="pending"/>; lock-free, a view of the table at some moment during the call.</summary>
    public void PushAll(Stack<RouteNode> pending)
    {
        foreach (var slot in Volatile.Read(ref _slots))
        {
            if (slot is not null && !ReferenceEquals(slot, Removed))
            {
                pending.Push(slot);
            }
        }
    }

    // Lemire's multiply-shift maps the hash onto any array length without a division.
    private static int Home(ReadOnlySpan<char> host, int length) =>
        (int)(((ulong)(uint)string.GetHashCode(host, StringComparison.OrdinalIgnoreCase) * (ulong)length) >> 32);

    private void Rebuild(int capacity)
    {
        var rebuilt = new RouteNode?[capacity];
        foreach (var slot in _slots)
        {
            if (slot is null || ReferenceEquals(slot, Removed))
            {
                continue;
            }

            var index = Home(slot.Segment, capacity);
            while (rebuilt[index] is not null)
            {
                if (++index == capacity)
                {
                    index = 0;
                }
            }

            rebuilt[index] = slot;
        }

        _removed = 0;
        Volatile.Write(ref _slots, rebuilt);
    }
}
