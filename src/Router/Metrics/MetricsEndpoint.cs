using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Router.Metrics;

/// <summary>
/// Serves <see cref="RouterMetrics.WriteToAsync"/> as a Prometheus scrape page (<c>prometheus.path</c>, default
/// <c>/metrics</c>). GET only; anything else gets 405 with <c>Allow: GET</c>.
/// </summary>
public static class MetricsEndpoint
{
    /// <summary>Content type of the text exposition format, version 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes the metrics page, or 405 for a method other than GET.</summary>
    public static async Task WriteAsync(HttpContext context, RouterMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(metrics);

        var response = context.Response;
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers[HeaderNames.Allow] = HttpMethods.Get;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;

        // Values change on every scrape; a cache in between would only serve stale numbers.
        response.Headers[HeaderNames.CacheControl] = "no-store";
        await metrics.WriteToAsync(response.Body, context.RequestAborted);
    }
}
