namespace RouteRegistry;

/// <summary>
/// Hands out one shared instance per distinct value, so equal values that arrive in thousands of registrations are
/// kept once. Used only under the route table's write lock. When full it starts over, so it never holds more than a
/// bounded set of values from departed apps; values handed out before stay valid, they are merely shared less.
/// </summary>
internal sealed class InternPool<T>(IEqualityComparer<T>? comparer = null)
    where T : class
{
    private const int MaxEntries = 16_384;

    private readonly Dictionary<T, T> _values = new(comparer);

    public T Intern(T value)
    {
        if (_values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (_values.Count >= MaxEntries)
        {
            _values.Clear();
        }

        _values.Add(value, value);
        return value;
    }
}
