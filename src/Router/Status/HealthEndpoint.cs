using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Router.Status;

/// <summary>
/// <c>/health</c> and the process-alive check (docs/gorouter-compatibility.md §8.2): 200 <c>ok\n</c> while serving, 503 with an
/// empty body otherwise; never cached; the connection is closed after the answer, as Gorouter does, so a load
/// balancer sees a drain at once.
/// </summary>
internal static class HealthEndpoint
{
    public const string HealthPath = "/health";
    public const string ProcessAlivePath = "/is-process-alive-do-not-use-for-loadbalancing";

    private static readonly byte[] Ok = "ok\n"u8.ToArray();

    public static Task WriteHealthAsync(HttpContext context, HealthState health) =>
        WriteAsync(context, health.IsHealthy);

    public static Task WriteProcessAliveAsync(HttpContext context) => WriteAsync(context, healthy: true);

    private static Task WriteAsync(HttpContext context, bool healthy)
    {
        var response = context.Response;
        response.Headers[HeaderNames.CacheControl] = "private, max-age=0";
        response.Headers[HeaderNames.Expires] = "0";
        response.Headers[HeaderNames.Connection] = "close";
        if (!healthy)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = Ok.Length;
        return response.Body.WriteAsync(Ok, 0, Ok.Length, context.RequestAborted);
    }
}
