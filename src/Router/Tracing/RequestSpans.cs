using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Router.Tracing;

/// <summary>
/// The spans the router exports over OTLP (docs/tracing.md): one server span per request, a child of the trace the
/// request arrived with (or a root in the trace the router started, with the same trace id as the headers and
/// <c>X-Vcap-Request-Id</c>), and one client span per backend attempt under it. Built only when
/// <c>tracing.otlp</c> exports traces. Spans are created only for sampled requests; an unsampled request pays the
/// sampler's decision and nothing else.
/// </summary>
internal sealed class RequestSpans : IDisposable
{
    /// <summary>The <see cref="ActivitySource"/> name the exporter listens to.</summary>
    public const string SourceName = "Router";

    public const string RequestSpanName = "proxy request";

    public const string AttemptSpanName = "backend attempt";

    [ThreadStatic]
    private static ActivityTraceId? t_nextTraceId;

    private static int s_hooked;

    private readonly ActivitySource _source = new(SourceName);
    private readonly Func<ActivityTraceId, bool> _sampleNewTrace;

    /// <param name="sampleNewTrace">The ratio decision for a trace that arrives without one (B3 without a sampling flag).</param>
    public RequestSpans(Func<ActivityTraceId, bool> sampleNewTrace)
    {
        _sampleNewTrace = sampleNewTrace;
        HookTraceIds();
    }

    /// <summary>Starts the request's span, kept as a feature of <paramref name="context"/>; null when not sampled.</summary>
    public Activity? StartRequest(HttpContext context, in RequestTrace trace)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, trace.TraceIdHigh);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], trace.TraceIdLow);
        var traceId = ActivityTraceId.CreateFromBytes(bytes);

        // Decided here, before the SDK is asked: for an unsampled request under a remote parent the SDK would still
        // make an (unrecorded) activity to carry the context, and the router needs none.
        if (!(trace.IncomingSampled ?? _sampleNewTrace(traceId)))
        {
            return null;
        }

        // The hosting layer may have made an activity of its own; the router's span does not hang under it.
        Activity.Current = null;
        Activity? span;
        if (trace.IncomingSpanId != 0)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, trace.IncomingSpanId);
            var parent = new ActivityContext(traceId, ActivitySpanId.CreateFromBytes(bytes[..8]), ActivityTraceFlags.Recorded, isRemote: true);
            span = _source.StartActivity(RequestSpanName, ActivityKind.Server, parent);
        }
        else
        {
            t_nextTraceId = traceId;
            try
            {
                span = _source.StartActivity(RequestSpanName, ActivityKind.Server);
            }
            finally
            {
                t_nextTraceId = null;
            }
        }

        if (span is null)
        {
            return null;
        }

        var request = context.Request;
        span.SetTag("http.request.method", request.Method);
        span.SetTag("server.address", request.Host.Host);
        span.SetTag("url.path", request.Path.Value);
        span.SetTag("cf.request_id", trace.RequestId);
        context.Features.Set(span);
        return span;
    }

    /// <summary>Starts a span for one attempt on the backend at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public Activity? StartAttempt(HttpContext context, string host, int port, int attempt)
    {
        if (context.Features.Get<Activity>() is not { } request)
        {
            return null;
        }

        var span = _source.StartActivity(AttemptSpanName, ActivityKind.Client, request.Context);
        if (span is not null)
        {
            span.SetTag("server.address", host);
            span.SetTag("server.port", port);
            span.SetTag("cf.attempt", attempt + 1);
        }

        return span;
    }

    /// <summary>Ends an attempt span with the status the attempt produced and, when it failed, why.</summary>
    /// <param name="span">The span from <see cref="StartAttempt"/>.</param>
    /// <param name="statusCode">The backend's status, or the status the failure maps to.</param>
    /// <param name="error">The router's name for the failure; null when the backend answered.</param>
    /// <param name="retryReason">Why another endpoint is tried next; null when this attempt is the last.</param>
    public static void EndAttempt(Activity? span, int statusCode, string? error, string? retryReason)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag("http.response.status_code", statusCode);
        if (error is not null)
        {
            span.SetTag("error.type", error);
            span.SetStatus(ActivityStatusCode.Error, error);
        }

        if (retryReason is not null)
        {
            span.SetTag("cf.retry_reason", retryReason);
        }

        span.Dispose();
    }

    /// <summary>Ends the request's span, if it has one, with the status sent to the client.</summary>
    public static void EndRequest(HttpContext context, string? routerError)
    {
        if (context.Features.Get<Activity>() is not { } span)
        {
            return;
        }

        var status = context.Response.StatusCode;
        span.SetTag("http.response.status_code", status);
        if (routerError is not null)
        {
            span.SetTag("cf.router_error", routerError);
        }

        if (status >= 500)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }

        context.Features.Set<Activity>(null);
        span.Dispose();
    }

    public void Dispose() => _source.Dispose();

    /// <summary>
    /// A root span must carry the trace id the router already put in the headers; .NET asks
    /// <see cref="Activity.TraceIdGenerator"/> for it. Installed once per process; other roots keep random ids.
    /// </summary>
    private static void HookTraceIds()
    {
        if (Interlocked.Exchange(ref s_hooked, 1) == 1)
        {
            return;
        }

        var previous = Activity.TraceIdGenerator;
        Activity.TraceIdGenerator = () => t_nextTraceId ?? previous?.Invoke() ?? ActivityTraceId.CreateRandom();
    }
}
