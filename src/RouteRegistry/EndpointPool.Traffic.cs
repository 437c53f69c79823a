namespace RouteRegistry;

/// <summary>
/// Per-route traffic counters for the route dashboard: three <see cref="Interlocked"/> counters (two updated per
/// request, the third for a 5xx) written by the request path (no lock, no allocation) and read once a second by a
/// single sampler that turns them into rates.
/// </summary>
public sealed partial class EndpointPool
{
    private long _requests;
    private long _serverErrors;
    private long _latencyTicks;

    // Written only by the one caller of TakeTrafficSample, the dashboard's sampler.
    private RouteTraffic _sampled;

    /// <summary>The route's counters since it was created.</summary>
    public RouteTraffic Traffic =>
        new(Interlocked.Read(ref _requests), Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _latencyTicks));

    /// <summary>Counts one answered request: its status and its duration in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public void RecordResponse(int statusCode, long elapsedTicks)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _latencyTicks, elapsedTicks);
        if (statusCode >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }
    }

    /// <summary>
    /// The traffic since the previous call (since creation on the first). Meant for one caller only: the counters
    /// it remembers between calls are not shared.
    /// </summary>
    public RouteTraffic TakeTrafficSample()
    {
        var now = Traffic;
        var before = _sampled;
        var delta = new RouteTraffic(
            now.Requests - before.Requests, now.ServerErrors - before.ServerErrors, now.LatencyTicks - before.LatencyTicks);
        _sampled = now;
        return delta;
    }
}
