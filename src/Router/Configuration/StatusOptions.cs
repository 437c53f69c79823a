namespace Router.Configuration;

/// <summary>
/// The status listeners (<c>status.*</c>): <c>/health</c> on <see cref="Port"/> and the Basic-auth
/// <c>/routes</c> listener on <see cref="Routes"/> (docs/gorouter-compatibility.md §8.1, §8.2).
/// </summary>
public sealed record StatusOptions
{
    /// <summary>Address the health listener binds to (<c>status.host</c>). Default <c>0.0.0.0</c>.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>Port of the health listener (<c>status.port</c>). Default 8080.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Basic-auth user for <c>/routes</c> (<c>status.user</c>). Default empty.</summary>
    public string User { get; init; } = "";

    /// <summary>Basic-auth password for <c>/routes</c> (<c>status.pass</c>). Default empty.</summary>
    public string Pass { get; init; } = "";

    /// <summary>The <c>/routes</c> listener (<c>status.routes.*</c>).</summary>
    public StatusRoutesOptions Routes { get; init; } = new();

    /// <summary>
    /// Serve <c>/health</c> over plain HTTP on <see cref="Port"/> (<c>status.enable_nontls_health_checks</c>).
    /// Default true. This router has no TLS health listener, so false is refused at start-up.
    /// </summary>
    public bool EnableNonTlsHealthChecks { get; init; } = true;
}
