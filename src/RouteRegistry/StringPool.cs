namespace RouteRegistry;

/// <summary>
/// Shares equal strings between endpoints: backend hosts, app GUIDs, zones and tag values repeat across thousands
/// of registrations, and every parsed message brings fresh copies. Used only under the route table's write lock.
/// </summary>
internal sealed class StringPool
{
    private const int MaxLength = 128;

    private readonly InternPool<string> _strings = new(StringComparer.Ordinal);

    public string Intern(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.Length > MaxLength ? value : _strings.Intern(value);
    }
}
