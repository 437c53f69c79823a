namespace Router.RouteServices;

/// <summary>
/// Which route-service hosts may be hairpinned (<c>route_services_hairpinning_allowlist</c>), as Gorouter's
/// <c>handlers/routeservice.go</c> matches them: an entry is a host name or <c>*.domain</c>; a wildcard covers one
/// label; case does not matter. An empty list allows every host.
/// </summary>
internal sealed class HairpinAllowlist
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public HairpinAllowlist(IReadOnlyList<string> entries)
    {
        foreach (var entry in entries)
        {
            // "*.example.com" is kept as ".example.com", the form a host takes with its first label removed.
            _names.Add(entry.StartsWith("*.", StringComparison.Ordinal) ? entry[1..] : entry);
        }
    }

    /// <summary>True when <paramref name="host"/> may be hairpinned.</summary>
    public bool Allows(string host)
    {
        if (_names.Count == 0 || _names.Contains(host))
        {
            return true;
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot >= 0 && _names.Contains(host[dot..]);
    }
}
