namespace Router.Status;

/// <summary>Health of the router as <c>/health</c> reports it (docs/gorouter-compatibility.md §8.2).</summary>
internal enum HealthStatus
{
    /// <summary>Starting: the proxy listener is not open yet.</summary>
    Initializing,

    /// <summary>Serving.</summary>
    Healthy,

    /// <summary>Draining or failed; terminal.</summary>
    Degraded,
}

/// <summary>The router's health, read on every health check and changed only at start-up and drain.</summary>
internal sealed class HealthState
{
    private int _status = (int)HealthStatus.Initializing;

    public HealthStatus Status => (HealthStatus)Volatile.Read(ref _status);

    public bool IsHealthy => Status == HealthStatus.Healthy;

    /// <summary>Marks the router healthy unless it is already degraded.</summary>
    public void SetHealthy() => Interlocked.CompareExchange(ref _status, (int)HealthStatus.Healthy, (int)HealthStatus.Initializing);

    /// <summary>Marks the router degraded; it never becomes healthy again.</summary>
    public void SetDegraded() => Volatile.Write(ref _status, (int)HealthStatus.Degraded);
}
