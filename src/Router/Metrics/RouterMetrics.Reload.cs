namespace Router.Metrics;

/// <summary>Configuration reloads (SIGHUP), read at scrape time. The router's own metrics: Gorouter cannot reload.</summary>
public sealed partial class RouterMetrics
{
    /// <summary>Reloads applied since start (<c>config_reloads</c>, a counter).</summary>
    public Func<long>? ConfigReloads { get; set; }

    /// <summary>Reloads refused since start (<c>config_reload_failures</c>, a counter).</summary>
    public Func<long>? ConfigReloadFailures { get; set; }
}
