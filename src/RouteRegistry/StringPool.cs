namespace RouteRegistry;

/// <summary>
/// Shares equal strings between endpoints: backend hosts, app GUIDs, zones and tag values repeat across thousands
/// of registrations, and every parsed message brings fresh copies. Used only under the route table's write lock.
/// When full it starts over, so it never holds more than a bounded set of strings from departed apps.
/// </summary>
internal sealed class StringPool
{
    private const int MaxEntries = 16_384;
    private const int MaxLength = 128;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Intern(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value.Length > MaxLength)
        {
            return value;
        }

        if (_strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (_strings.Count >= MaxEntries)
        {
            _strings.Clear();
        }

        _strings.Add(value, value);
        return value;
    }
}
