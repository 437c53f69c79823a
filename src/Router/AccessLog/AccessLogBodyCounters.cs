using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Router.AccessLog;

/// <summary>
/// Installs the byte counters the access log reads at the end of a request. Call <see cref="Attach"/> at the start
/// of the request, before anything reads the body or writes the response; without it the log falls back to
/// <c>Content-Length</c> values (see the folder README).
/// </summary>
internal static class AccessLogBodyCounters
{
    /// <summary>
    /// Counts the response body always (one small object per request) and the request body when it has no
    /// <c>Content-Length</c> but can have a body.
    /// </summary>
    public static void Attach(HttpContext context)
    {
        var features = context.Features;
        var responseBody = features.Get<IHttpResponseBodyFeature>();
        if (responseBody is not null and not ResponseBodyCounter)
        {
            features.Set<IHttpResponseBodyFeature>(new ResponseBodyCounter(responseBody));
        }

        var request = context.Request;
        if (request.ContentLength is null &&
            features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true } &&
            request.Body is not RequestBodyCounter)
        {
            request.Body = new RequestBodyCounter(request.Body);
        }
    }

    /// <summary>
    /// Response body bytes: none for HEAD, 1xx, 204 and 304 (the server discards a body written to them); else
    /// counted when <see cref="Attach"/> ran; else what <c>Content-Length</c> declares.
    /// </summary>
    public static long ResponseBytes(HttpContext context)
    {
        var response = context.Response;
        var status = response.StatusCode;
        if (HttpMethods.IsHead(context.Request.Method) || status < 200 || status == 204 || status == 304)
        {
            return 0;
        }

        if (context.Features.Get<IHttpResponseBodyFeature>() is ResponseBodyCounter counter)
        {
            return counter.BytesWritten;
        }

        return response.ContentLength ?? 0;
    }

    /// <summary>
    /// Request body bytes: counted for a chunked body when <see cref="Attach"/> ran; the <c>Content-Length</c> of a
    /// forwarded request; 0 when the router answered without reading the body, as Gorouter (which counts what it
    /// reads) logs it.
    /// </summary>
    public static long RequestBytes(HttpContext context, bool forwarded)
    {
        var request = context.Request;
        if (request.Body is RequestBodyCounter counter)
        {
            return counter.BytesRead;
        }

        return forwarded ? request.ContentLength ?? 0 : 0;
    }
}
