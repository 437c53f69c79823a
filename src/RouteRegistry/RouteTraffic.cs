namespace RouteRegistry;

/// <summary>Requests answered through one route, as counted by <see cref="EndpointPool.RecordResponse"/>.</summary>
/// <param name="Requests">Requests forwarded to the route and answered (by a backend or by the router after a failed attempt).</param>
/// <param name="ServerErrors">Of those, the answers with a 5xx status.</param>
/// <param name="LatencyTicks">Their summed duration in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
public readonly record struct RouteTraffic(long Requests, long ServerErrors, long LatencyTicks);
