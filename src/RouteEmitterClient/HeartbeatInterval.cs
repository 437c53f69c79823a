namespace RouteEmitterClient;

/// <summary>
/// Picks the heartbeat interval. Routers state theirs in <c>minimumRegisterIntervalInSeconds</c> of
/// <c>router.start</c> and of the <c>router.greet</c> answer (docs/gorouter-compatibility.md §1.4); until one does, the configured
/// default applies. Whatever the source, a registration must be refreshed before the router prunes it (docs/gorouter-compatibility.md §3), so an
/// interval that reaches the stale threshold is cut to half of it.
/// </summary>
internal static class HeartbeatInterval
{
    /// <summary>The interval to use.</summary>
    /// <param name="routerIntervalSeconds">The router's <c>minimumRegisterIntervalInSeconds</c>; 0 when no router has spoken.</param>
    /// <param name="routerPruneThresholdSeconds">The router's <c>pruneThresholdInSeconds</c>; 0 when unknown.</param>
    /// <param name="staleThresholdSeconds">This registration's <c>stale_threshold_in_seconds</c>; 0 for the router's.</param>
    /// <param name="defaultInterval">The interval used while no router has stated one.</param>
    public static TimeSpan Choose(int routerIntervalSeconds, int routerPruneThresholdSeconds, int staleThresholdSeconds, TimeSpan defaultInterval)
    {
        var interval = routerIntervalSeconds > 0 ? TimeSpan.FromSeconds(routerIntervalSeconds) : defaultInterval;
        var threshold = Threshold(routerPruneThresholdSeconds, staleThresholdSeconds);
        return threshold > TimeSpan.Zero && interval >= threshold ? threshold / 2 : interval;
    }

    // The smaller of the two thresholds that are known: the router caps a registration's own threshold at its own.
    private static TimeSpan Threshold(int routerPruneThresholdSeconds, int staleThresholdSeconds) =>
        (routerPruneThresholdSeconds > 0, staleThresholdSeconds > 0) switch
        {
            (true, true) => TimeSpan.FromSeconds(Math.Min(routerPruneThresholdSeconds, staleThresholdSeconds)),
            (true, false) => TimeSpan.FromSeconds(routerPruneThresholdSeconds),
            (false, true) => TimeSpan.FromSeconds(staleThresholdSeconds),
            _ => TimeSpan.Zero,
        };
}
