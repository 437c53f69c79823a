using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RouteRegistry;

/// <summary>
/// A small read-only tag map stored as one sorted array. Endpoints carry two or three tags, so a linear scan beats a
/// hash table and costs a fraction of a <see cref="Dictionary{TKey,TValue}"/>'s memory per endpoint.
/// </summary>
internal sealed class EndpointTags : IReadOnlyDictionary<string, string>
{
    public static readonly EndpointTags Empty = new([]);

    /// <summary>Compares maps by content (<see cref="ContentEquals(EndpointTags)"/>), to share one map between endpoints.</summary>
    public static readonly IEqualityComparer<EndpointTags> ContentComparer = new ByContent();

    private readonly KeyValuePair<string, string>[] _items;

    private EndpointTags(KeyValuePair<string, string>[] items) => _items = items;

    public int Count => _items.Length;

    public IEnumerable<string> Keys => _items.Select(static item => item.Key);

    public IEnumerable<string> Values => _items.Select(static item => item.Value);

    public string this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"Tag '{key}' is not present.");

    /// <summary>Copies <paramref name="source"/>, sharing equal strings through <paramref name="strings"/>.</summary>
    /// <remarks>Takes the concrete dictionary so that enumerating it allocates no enumerator.</remarks>
    public static EndpointTags Create(Dictionary<string, string>? source, StringPool strings)
    {
        if (source is null || source.Count == 0)
        {
            return Empty;
        }

        var items = new KeyValuePair<string, string>[source.Count];
        var i = 0;
        foreach (var (key, value) in source)
        {
            items[i++] = new KeyValuePair<string, string>(strings.Intern(key), strings.Intern(value ?? ""));
        }

        Array.Sort(items, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new EndpointTags(items);
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var item in _items)
        {
            if (string.Equals(item.Key, key, StringComparison.Ordinal))
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>True when both hold the same keys with the same values (Go's <c>maps.Equal</c>).</summary>
    public bool ContentEquals(EndpointTags other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other._items.Length != _items.Length)
        {
            return false;
        }

        // Both arrays are sorted by key, so equal maps line up index by index.
        for (var i = 0; i < _items.Length; i++)
        {
            if (!string.Equals(_items[i].Key, other._items[i].Key, StringComparison.Ordinal)
                || !string.Equals(_items[i].Value, other._items[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="other"/> (a message's tags; null means none) holds exactly these pairs.</summary>
    public bool ContentEquals(IReadOnlyDictionary<string, string>? other)
    {
        if (other is null || other.Count == 0)
        {
            return _items.Length == 0;
        }

        if (other.Count != _items.Length)
        {
            return false;
        }

        foreach (var item in _items)
        {
            if (!other.TryGetValue(item.Key, out var value) || !string.Equals(value ?? "", item.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class ByContent : IEqualityComparer<EndpointTags>
    {
        public bool Equals(EndpointTags? x, EndpointTags? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.ContentEquals(y));

        public int GetHashCode(EndpointTags tags)
        {
            var hash = new HashCode();
            foreach (var item in tags._items)
            {
                hash.Add(item.Key, StringComparer.Ordinal);
                hash.Add(item.Value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
