namespace RouteRegistry;

/// <summary>Table-wide settings every <see cref="EndpointPool"/> of one <see cref="RouteTable"/> shares.</summary>
internal sealed class PoolContext(TimeProvider time, TimeSpan failureMarkDuration)
{
    public TimeProvider Time { get; } = time;

    /// <summary>How long a round-robin failure mark lasts (<c>droplet_stale_threshold / 4</c>).</summary>
    public TimeSpan FailureMarkDuration { get; } = failureMarkDuration;
}
