using System.Collections.Concurrent;

namespace Router.Metrics;

/// <summary>
/// Cells per <c>component</c> label value. The value comes from registrations (<c>tags.component</c>), so the
/// table is bounded: past <see cref="MaxComponents"/> distinct values, new ones share the
/// <see cref="OverflowComponent"/> cells instead of growing memory and the scrape page without limit.
/// </summary>
/// <remarks>
/// Readers on the request path do one <see cref="ConcurrentDictionary{TKey,TValue}.TryGetValue"/> (no lock, no
/// allocation) or nothing at all for the empty component, which untagged endpoints use.
/// </remarks>
internal sealed class ComponentTable<TCells>
    where TCells : class
{
    /// <summary>Most distinct non-empty component values kept apart. Cloud Foundry deployments use a few dozen.</summary>
    public const int MaxComponents = 1000;

    /// <summary>Label value shared by components beyond <see cref="MaxComponents"/>.</summary>
    public const string OverflowComponent = "_overflow";

    private readonly ConcurrentDictionary<string, TCells> _byComponent = new(StringComparer.Ordinal);
    private readonly Func<string, TCells> _create;
    private int _count;

    /// <param name="create">Makes the cells of one component value (the label value it is given).</param>
    public ComponentTable(Func<string, TCells> create)
    {
        _create = create;
        Empty = create(string.Empty);
    }

    /// <summary>Cells of the empty component (endpoints registered without <c>tags.component</c>).</summary>
    public TCells Empty { get; }

    public TCells Get(string? component)
    {
        if (string.IsNullOrEmpty(component))
        {
            return Empty;
        }

        return _byComponent.TryGetValue(component, out var cells) ? cells : Add(component);
    }

    /// <summary>Every component seen so far with its cells, the empty one first, the rest in ordinal order.</summary>
    public List<KeyValuePair<string, TCells>> Snapshot()
    {
        var entries = new List<KeyValuePair<string, TCells>>(_byComponent.Count + 1) { new(string.Empty, Empty) };
        var start = entries.Count;
        entries.AddRange(_byComponent);
        entries.Sort(start, entries.Count - start, EntryComparer.Instance);
        return entries;
    }

    private TCells Add(string component)
    {
        // The count is only a bound, so a few racing adders may overshoot it by the number of racing threads.
        if (Volatile.Read(ref _count) >= MaxComponents)
        {
            return _byComponent.GetOrAdd(OverflowComponent, _create);
        }

        var created = _create(component);
        if (_byComponent.TryAdd(component, created))
        {
            Interlocked.Increment(ref _count);
            return created;
        }

        return _byComponent[component];
    }

    private sealed class EntryComparer : IComparer<KeyValuePair<string, TCells>>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(KeyValuePair<string, TCells> x, KeyValuePair<string, TCells> y) =>
            string.CompareOrdinal(x.Key, y.Key);
    }
}
