using Microsoft.AspNetCore.Http;

namespace Router.Proxying;

/// <summary>Receives one record per finished request for the access log; must not block the caller.</summary>
internal interface IAccessLogSink
{
    /// <summary>
    /// Called when a request arrives, before anything reads its body or writes the response, so the sink can
    /// observe both (the access log counts body bytes).
    /// </summary>
    /// <param name="context">The request that arrived.</param>
    void Begin(HttpContext context);

    /// <summary>Called once when the request has finished.</summary>
    /// <param name="context">The finished request.</param>
    /// <param name="exchange">The proxied exchange, or null when the router answered before choosing an endpoint.</param>
    /// <param name="failureDetail">Detail of the backend failure or rejection, if any.</param>
    /// <param name="startTimestamp">Stopwatch timestamp when the request arrived.</param>
    /// <param name="endTimestamp">Stopwatch timestamp when the response finished.</param>
    /// <param name="backendTicks">Stopwatch ticks spent in backend exchanges.</param>
    void Write(HttpContext context, ProxyExchange? exchange, string? failureDetail, long startTimestamp, long endTimestamp, long backendTicks);
}
