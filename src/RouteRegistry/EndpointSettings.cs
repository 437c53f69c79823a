namespace RouteRegistry;

/// <summary>
/// The registration fields that thousands of endpoints have in common: protocol, TLS, zone, route service, isolation
/// segment, stale threshold. The table keeps one object per distinct combination and every endpoint points to it,
/// instead of each endpoint carrying nine fields of its own.
/// </summary>
/// <param name="IsTls">True when the endpoint was registered with a <c>tls_port</c>.</param>
/// <param name="Protocol">Backend protocol, normalised.</param>
/// <param name="AvailabilityZone">Availability zone, possibly empty.</param>
/// <param name="RouteServiceUrl">Route service URL, possibly empty.</param>
/// <param name="IsolationSegment">Isolation segment, possibly empty.</param>
/// <param name="LoadBalancingOption">The <c>options.loadbalancing</c> value, or null.</param>
/// <param name="HashHeader">With <c>hash</c>: <c>options.hash_header</c>, else null.</param>
/// <param name="HashBalance">With <c>hash</c> and a header: <c>options.hash_balance</c>, else 0.</param>
/// <param name="StaleThreshold">Time to live without a heartbeat, capped by the table's threshold.</param>
/// <param name="Component">The <c>component</c> tag, or empty.</param>
/// <param name="ServerCertDomainSan">
/// The SAN expected in the backend's certificate, or null when it is the endpoint's instance id (route emitters
/// register it so), which lets endpoints of different instances share one object.
/// </param>
/// <param name="InstanceIndexText">
/// The <c>private_instance_index</c> when it is not a number the endpoint can keep as one (see
/// <see cref="InstanceIndex"/>), such as an empty one; null when the endpoint keeps it.
/// </param>
internal sealed record EndpointSettings(
    bool IsTls,
    string Protocol,
    string AvailabilityZone,
    string RouteServiceUrl,
    string IsolationSegment,
    string? LoadBalancingOption,
    string? HashHeader,
    double HashBalance,
    TimeSpan StaleThreshold,
    string Component,
    string? ServerCertDomainSan,
    string? InstanceIndexText)
{
    /// <summary>True when these settings have the given values (strings compared by content).</summary>
    public bool Matches(
        bool isTls,
        string protocol,
        string availabilityZone,
        string routeServiceUrl,
        string isolationSegment,
        string? loadBalancingOption,
        string? hashHeader,
        double hashBalance,
        TimeSpan staleThreshold,
        string component,
        string? serverCertDomainSan,
        string? instanceIndexText) =>
        IsTls == isTls
        && StaleThreshold == staleThreshold
        && HashBalance.Equals(hashBalance)
        && string.Equals(HashHeader, hashHeader, StringComparison.Ordinal)
        && string.Equals(Protocol, protocol, StringComparison.Ordinal)
        && string.Equals(AvailabilityZone, availabilityZone, StringComparison.Ordinal)
        && string.Equals(RouteServiceUrl, routeServiceUrl, StringComparison.Ordinal)
        && string.Equals(IsolationSegment, isolationSegment, StringComparison.Ordinal)
        && string.Equals(LoadBalancingOption, loadBalancingOption, StringComparison.Ordinal)
        && string.Equals(Component, component, StringComparison.Ordinal)
        && string.Equals(ServerCertDomainSan, serverCertDomainSan, StringComparison.Ordinal)
        && string.Equals(InstanceIndexText, instanceIndexText, StringComparison.Ordinal);
}
