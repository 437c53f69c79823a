namespace Router.Configuration;

/// <summary>The <c>/routes</c> listener (<c>status.routes.*</c>, docs/gorouter-compatibility.md §8.1).</summary>
public sealed record StatusRoutesOptions
{
    /// <summary>
    /// Address the <c>/routes</c> listener binds to (<c>status.routes.host</c>, a key of this router;
    /// Gorouter always binds 127.0.0.1). Default <c>127.0.0.1</c>.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port of the <c>/routes</c> listener (<c>status.routes.port</c>). Default 8082.</summary>
    public int Port { get; init; } = 8082;
}
