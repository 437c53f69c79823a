using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Router.Proxying;

/// <summary>
/// Writes the router's own answers in Gorouter's shape: <c>text/plain; charset=utf-8</c>,
/// <c>X-Content-Type-Options: nosniff</c>, <c>X-Cf-Routererror</c>, and a body
/// <c>"&lt;code&gt; &lt;reason&gt;: &lt;message&gt;\n"</c> (docs/gorouter-compatibility.md §5.2, §5.4, Appendix D).
/// </summary>
internal static class ErrorResponseWriter
{
    /// <summary>
    /// Replaces whatever the response holds with the answer for <paramref name="error"/>.
    /// Returns false when the response had already started and could not be replaced.
    /// </summary>
    public static Task WriteAsync(HttpContext context, ProxyError error, string host, string? detail, ResponseRewriter rewriter)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var descriptor = ProxyErrorMap.Describe(error);
        response.Clear();
        response.StatusCode = descriptor.StatusCode;
        var headers = response.Headers;
        if (ProxyErrorMap.ClosesConnection(error))
        {
            // Kestrel closes the connection after a response that says so.
            headers.Connection = "close";
            if (error == ProxyError.RequestHeadersTooLarge)
            {
                // Gorouter writes the status and its header alone, with no body.
                headers[RouterHeaders.RouterError] = descriptor.RouterError;
                rewriter.Apply(headers);
                response.ContentLength = 0;
                return Task.CompletedTask;
            }
        }

        headers.ContentType = "text/plain; charset=utf-8";
        headers[RouterHeaders.ContentTypeOptions] = "nosniff";
        if (descriptor.RouterError.Length > 0)
        {
            headers[RouterHeaders.RouterError] = descriptor.RouterError == RouterErrorValues.EndpointFailurePrefix
                ? $"{RouterErrorValues.EndpointFailurePrefix} ({detail})"
                : descriptor.RouterError;
        }
        if (descriptor.CacheControl is not null)
        {
            headers[HeaderNames.CacheControl] = descriptor.CacheControl;
        }

        rewriter.Apply(headers);
        if (descriptor.StatusCode == StatusCodes.Status499ClientClosedRequest && context.RequestAborted.IsCancellationRequested)
        {
            // Nobody is listening; the status stays for the access log and metrics.
            return Task.CompletedTask;
        }

        var message = ProxyErrorMap.Message(error, host, detail);
        var body = message is null
            ? $"{descriptor.StatusCode} {descriptor.ReasonPhrase}\n"
            : $"{descriptor.StatusCode} {descriptor.ReasonPhrase}: {message}\n";
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, 0, bytes.Length, context.RequestAborted);
    }
}
