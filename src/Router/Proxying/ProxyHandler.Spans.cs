using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Router.Tracing;

namespace Router.Proxying;

/// <summary>
/// Trace headers and spans on the request path (docs/tracing.md). Each call is one null check when tracing and OTLP
/// are off.
/// </summary>
internal sealed partial class ProxyHandler
{
    /// <summary>Applies the trace-header rules, starts the request's span; returns the request id they settled.</summary>
    private string? BeginTrace(HttpContext context)
    {
        if (Settings.Tracing is not { } tracing)
        {
            return null;
        }

        var headers = context.Request.Headers;
        var trace = tracing.Apply(headers);
        if (Settings.Spans?.StartRequest(context, trace) is { } span)
        {
            Span<byte> id = stackalloc byte[8];
            span.SpanId.CopyTo(id);
            tracing.UseParentId(headers, BinaryPrimitives.ReadUInt64BigEndian(id));
        }

        return trace.RequestId;
    }

    private Activity? StartAttemptSpan(HttpContext context, RouteRegistry.Endpoint endpoint, int attempt) =>
        Settings.Spans?.StartAttempt(context, endpoint.Host, endpoint.Port, attempt);

    /// <summary>Ends an attempt's span: the backend's status, or the failure and whether another endpoint is tried.</summary>
    private static void EndAttemptSpan(Activity? span, HttpContext context, BackendFailure? failure, bool retrying)
    {
        if (span is null)
        {
            return;
        }

        if (failure is not { } failed)
        {
            RequestSpans.EndAttempt(span, context.Response.StatusCode, null, null);
            return;
        }

        RequestSpans.EndAttempt(span, ProxyErrorMap.Describe(failed.Error).StatusCode, failed.Error.ToString(), retrying ? failed.Detail : null);
    }

    private void EndRequestSpan(HttpContext context, ProxyError? error)
    {
        if (Settings.Spans is not null)
        {
            RequestSpans.EndRequest(context, error is { } e ? ProxyErrorMap.Describe(e).RouterError : null);
        }
    }
}
