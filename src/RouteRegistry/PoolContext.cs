namespace RouteRegistry;

/// <summary>Table-wide settings every <see cref="EndpointPool"/> of one <see cref="RouteTable"/> shares.</summary>
internal sealed class PoolContext(
    TimeProvider time, TimeSpan failureMarkDuration, LoadBalancingAlgorithm defaultAlgorithm = LoadBalancingAlgorithm.RoundRobin, string? localZone = null)
{
    public TimeProvider Time { get; } = time;

    /// <summary>How long a round-robin failure mark lasts (<c>droplet_stale_threshold / 4</c>).</summary>
    public TimeSpan FailureMarkDuration { get; } = failureMarkDuration;

    private int _defaultAlgorithm = (int)defaultAlgorithm;

    /// <summary>
    /// The table's algorithm (<c>balancing_algorithm</c>): what a route that chose none uses, and what a hash route uses
    /// for a request without its header. Changed by a configuration reload with one write; readers take no lock.
    /// </summary>
    public LoadBalancingAlgorithm DefaultAlgorithm
    {
        get => (LoadBalancingAlgorithm)Volatile.Read(ref _defaultAlgorithm);
        set => Volatile.Write(ref _defaultAlgorithm, (int)value);
    }

    /// <summary>The router's zone under <c>locally-optimistic</c>, null without an AZ preference.</summary>
    public string? LocalZone { get; } = localZone;
}
