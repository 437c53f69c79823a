namespace Router.Proxying;

/// <summary>
/// The request-target, read once per request: the form the backend receives and the path the route lookup uses.
/// </summary>
internal static class RequestTarget
{
    /// <summary>
    /// The request-target as sent to the backend: byte-for-byte (the same string) for origin form; the path and
    /// query of an absolute-form target (the client used absolute form; HTTP clients send origin form to an origin
    /// server); <c>/</c> for anything else.
    /// </summary>
    public static string OriginForm(string rawTarget)
    {
        if (rawTarget.Length > 0 && rawTarget[0] == '/')
        {
            return rawTarget;
        }

        var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var path = rawTarget.IndexOf('/', scheme + 3);
            return path < 0 ? "/" : rawTarget[path..];
        }

        return "/";
    }

    /// <summary>The path of an origin-form target: everything before the query.</summary>
    public static ReadOnlySpan<char> PathOf(string originForm)
    {
        var query = originForm.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? originForm : originForm.AsSpan(0, query);
    }
}
