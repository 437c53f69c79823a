namespace Router.Configuration;

/// <summary>Limits applied per backend endpoint (<c>backends.*</c>, docs/gorouter-compatibility.md §4.5, §5.1).</summary>
public sealed record BackendOptions
{
    /// <summary>
    /// Maximum in-flight requests per endpoint (<c>backends.max_conns</c>). Default 0 = unlimited
    /// (BOSH deployments use 500).
    /// </summary>
    public int MaxConns { get; init; }

    /// <summary>
    /// Maximum attempts per request, across endpoints (<c>backends.max_attempts</c>). Default 0, which
    /// means one attempt (BOSH deployments use 3). Use <see cref="EffectiveMaxAttempts"/>.
    /// </summary>
    public int MaxAttempts { get; init; }

    /// <summary>The number of attempts actually allowed: <see cref="MaxAttempts"/>, at least 1.</summary>
    public int EffectiveMaxAttempts => Math.Max(MaxAttempts, 1);
}
