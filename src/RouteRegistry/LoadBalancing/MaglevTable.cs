namespace RouteRegistry.LoadBalancing;

/// <summary>
/// The consistent-hashing lookup table of a hash route (docs/gorouter-compatibility.md §4.6): Maglev hashing as
/// Gorouter's <c>route/maglev.go</c> builds it, a prime number of slots, each naming one endpoint. Each endpoint
/// fills slots in the order of its own permutation of the table (offset and step from the FNV-1a hash of its id),
/// taking turns with the others, so each gets an equal share and adding or removing one endpoint moves about 1/N of
/// the slots. Endpoints are identified by instance id (the address when there is none) and taken in ordinal order
/// of it, so every router builds the same table for the same instances. Immutable: the pool builds a new one on
/// every change and publishes it with one reference write.
/// </summary>
internal sealed class MaglevTable
{
    /// <summary>Slots in the table: Gorouter's size, a prime that spreads up to a few dozen endpoints evenly.</summary>
    public const int Size = 3001;

    private readonly Endpoint[] _endpoints;
    private readonly short[] _slots;

    private MaglevTable(Endpoint[] endpoints, short[] slots)
    {
        _endpoints = endpoints;
        _slots = slots;
    }

    /// <summary>Distinct endpoints in the table.</summary>
    public int EndpointCount => _endpoints.Length;

    /// <summary>The endpoint a slot names.</summary>
    public Endpoint this[int slot] => _endpoints[_slots[slot]];

    /// <summary>The slot a hash key (a header value) falls into.</summary>
    public static int SlotOf(ReadOnlySpan<char> key) => (int)(Fnv1a.Hash(key) % Size);

    /// <summary>Builds the table for <paramref name="endpoints"/>; null when there are none.</summary>
    public static MaglevTable? Build(ReadOnlySpan<Endpoint> endpoints)
    {
        if (endpoints.IsEmpty)
        {
            return null;
        }

        // One entry per id, in ordinal order; a repeated id keeps its first endpoint, and at most one endpoint per
        // slot takes part (Gorouter refuses endpoints beyond the table's size too).
        var byId = new SortedDictionary<string, Endpoint>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            if (byId.Count < Size)
            {
                byId.TryAdd(endpoint.InstanceIdOrAddress, endpoint);
            }
        }

        var members = new Endpoint[byId.Count];
        var offsets = new ulong[byId.Count];
        var steps = new ulong[byId.Count];
        var i = 0;
        foreach (var (id, endpoint) in byId)
        {
            var hash = Fnv1a.Hash(id);
            members[i] = endpoint;
            offsets[i] = hash % Size;
            steps[i] = (hash % (Size - 1)) + 1;
            i++;
        }

        return new MaglevTable(members, Fill(offsets, steps));
    }

    // Round after round, each endpoint takes the next free slot of its permutation (offset + j * step) mod Size; the
    // size is prime and the step below it, so each permutation visits every slot and the loop always ends.
    private static short[] Fill(ulong[] offsets, ulong[] steps)
    {
        var slots = new short[Size];
        slots.AsSpan().Fill(-1);
        var next = new ulong[offsets.Length];
        var filled = 0;
        while (true)
        {
            for (var member = 0; member < offsets.Length; member++)
            {
                var slot = (offsets[member] + (next[member] * steps[member])) % Size;
                while (slots[slot] >= 0)
                {
                    next[member]++;
                    slot = (offsets[member] + (next[member] * steps[member])) % Size;
                }

                slots[slot] = (short)member;
                next[member]++;
                if (++filled == Size)
                {
                    return slots;
                }
            }
        }
    }
}
