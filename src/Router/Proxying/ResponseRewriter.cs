using Microsoft.AspNetCore.Http;
using Router.Configuration;

namespace Router.Proxying;

/// <summary>
/// Applies <c>http_rewrite.responses</c> to every response the router writes (docs/gorouter-compatibility.md §6.2):
/// headers to remove, and headers to add when the response lacks them (for example HSTS).
/// </summary>
internal sealed class ResponseRewriter
{
    private readonly string[] _remove;
    private readonly KeyValuePair<string, string>[] _addIfMissing;

    public ResponseRewriter(HttpRewriteOptions options)
    {
        _remove = options.Responses.RemoveHeaders.Select(h => h.Name).ToArray();
        _addIfMissing = options.Responses.AddHeadersIfNotPresent.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToArray();
    }

    /// <summary>True when there is nothing to do, so callers can skip the call.</summary>
    public bool IsEmpty => _remove.Length == 0 && _addIfMissing.Length == 0;

    public void Apply(IHeaderDictionary headers)
    {
        foreach (var name in _remove)
        {
            headers.Remove(name);
        }

        foreach (var (name, value) in _addIfMissing)
        {
            if (!headers.ContainsKey(name))
            {
                headers[name] = value;
            }
        }
    }
}
