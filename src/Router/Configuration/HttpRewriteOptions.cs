namespace Router.Configuration;

/// <summary>Operator header rewrites (<c>http_rewrite.*</c>).</summary>
public sealed record HttpRewriteOptions
{
    /// <summary>Rewrites of responses (<c>http_rewrite.responses</c>).</summary>
    public HttpRewriteResponsesOptions Responses { get; init; } = new();
}
