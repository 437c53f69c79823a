namespace RouteRegistry;

/// <summary>
/// A registered URI turned into a route key (docs/gorouter-compatibility.md §2.1; Gorouter <c>route/uris.go</c> <c>RouteKey</c> and
/// <c>registry.go</c> <c>splitHostAndContextPath</c>): cut at the first <c>?</c>, one trailing <c>/</c> and one
/// leading <c>/</c> removed, lower-cased. The original-case host and context path are kept for the pool. Ports in a
/// registered URI stay part of the host and so never match a request, whose port is cut off.
/// </summary>
internal readonly struct RouteKey
{
    private const string WildcardPrefix = "*.";

    private RouteKey(string key, int hostLength, string host, string contextPath)
    {
        Key = key;
        HostLength = hostLength;
        Host = host;
        ContextPath = contextPath;
    }

    /// <summary>Lower-case <c>host[/path]</c>.</summary>
    public string Key { get; }

    /// <summary>Length of the host part of <see cref="Key"/>.</summary>
    public int HostLength { get; }

    /// <summary>The host as registered (original case).</summary>
    public string Host { get; }

    /// <summary><c>/</c> plus the path as registered (original case), <c>/</c> for host-only routes.</summary>
    public string ContextPath { get; }

    /// <summary>True for <c>*.domain</c> hosts, which match any deeper sub-domain.</summary>
    public bool IsWildcard => Key.StartsWith(WildcardPrefix, StringComparison.Ordinal);

    /// <summary>The host part of the key; for a wildcard, the domain after <c>*.</c>.</summary>
    public ReadOnlySpan<char> HostLookupKey => IsWildcard ? Key.AsSpan(WildcardPrefix.Length, HostLength - WildcardPrefix.Length) : Key.AsSpan(0, HostLength);

    /// <summary>The path segments after the host, <c>/</c>-separated, empty segments included.</summary>
    public ReadOnlySpan<char> PathPart => HostLength < Key.Length ? Key.AsSpan(HostLength + 1) : [];

    public bool HasPath => HostLength < Key.Length;

    /// <summary>Parses a registered URI; false when nothing is left after normalisation.</summary>
    public static bool TryParse(string? uri, out RouteKey routeKey)
    {
        routeKey = default;
        if (string.IsNullOrEmpty(uri))
        {
            return false;
        }

        var text = uri.AsSpan();
        var query = text.IndexOf('?');
        if (query >= 0)
        {
            text = text[..query];
        }

        if (text.EndsWith('/'))
        {
            text = text[..^1];
        }

        if (text.StartsWith('/'))
        {
            text = text[1..];
        }

        if (text.IsEmpty)
        {
            return false;
        }

        var original = text.Length == uri.Length ? uri : text.ToString();
        var key = original.ToLowerInvariant();
        var slash = original.IndexOf('/', StringComparison.Ordinal);
        var hostLength = slash < 0 ? original.Length : slash;

        // Share one string between key, host and context path where their text is the same.
        string host;
        if (slash < 0)
        {
            host = string.Equals(original, key, StringComparison.Ordinal) ? key : original;
        }
        else
        {
            var originalHost = original.AsSpan(0, hostLength);
            host = originalHost.SequenceEqual(key.AsSpan(0, hostLength)) ? key[..hostLength] : originalHost.ToString();
        }

        var contextPath = slash < 0 ? "/" : original[slash..];
        routeKey = new RouteKey(key, hostLength, host, contextPath);
        return true;
    }

    public override string ToString() => Key;
}
