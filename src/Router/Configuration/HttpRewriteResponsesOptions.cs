namespace Router.Configuration;

/// <summary>Rewrites applied to every response the router writes (<c>http_rewrite.responses.*</c>, docs/gorouter-compatibility.md §6.2).</summary>
public sealed record HttpRewriteResponsesOptions
{
    /// <summary>Headers added when the response lacks them, e.g. HSTS (<c>add_headers_if_not_present</c>). Default none.</summary>
    public IReadOnlyList<HeaderNameValue> AddHeadersIfNotPresent { get; init; } = [];

    /// <summary>Headers removed from every response (<c>remove_headers</c>; only the name is used). Default none.</summary>
    public IReadOnlyList<HeaderNameValue> RemoveHeaders { get; init; } = [];
}
