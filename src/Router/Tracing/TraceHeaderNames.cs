using Router.Configuration;

namespace Router.Tracing;

/// <summary>
/// Trace-context header names, spelled as Gorouter sends and logs them: B3 as zipkin-go's
/// <c>propagation/b3/shared.go</c> constants (lower case), W3C as Gorouter's <c>handlers/w3c.go</c>.
/// </summary>
internal static class TraceHeaderNames
{
    /// <summary>B3 single header: <c>{trace}-{span}[-{sampling}[-{parent}]]</c>.</summary>
    public const string B3 = "b3";

    public const string B3TraceId = "x-b3-traceid";

    public const string B3SpanId = "x-b3-spanid";

    public const string B3ParentSpanId = "x-b3-parentspanid";

    public const string B3Sampled = "x-b3-sampled";

    public const string B3Flags = "x-b3-flags";

    /// <summary>W3C Trace Context: <c>00-{trace}-{parent}-{flags}</c>.</summary>
    public const string TraceParent = "traceparent";

    public const string TraceState = "tracestate";

    /// <summary>Gorouter's vendor key in <c>tracestate</c>; with a tenant id the key is <c>{tenant}@gorouter</c>.</summary>
    public const string VendorKey = "gorouter";

    /// <summary>
    /// Headers added to every access-log line when Zipkin is on, in Gorouter's order (<c>handlers/zipkin.go</c>
    /// <c>HeadersToLog</c>).
    /// </summary>
    public static readonly string[] ZipkinHeadersToLog = [B3TraceId, B3SpanId, B3ParentSpanId, B3];

    /// <summary>Headers added to every access-log line when W3C is on (<c>handlers/w3c.go</c> <c>HeadersToLog</c>).</summary>
    public static readonly string[] W3CHeadersToLog = [TraceParent, TraceState];

    /// <summary>
    /// <c>extra_headers_to_log</c> followed by the trace headers of the families that are on, each name once by
    /// exact spelling (Gorouter <c>proxy/utils/logging.go</c> <c>CollectHeadersToLog</c>).
    /// </summary>
    public static IEnumerable<string> HeadersToLog(IReadOnlyList<string> configured, TracingOptions tracing) =>
        configured
            .Concat(tracing.EnableZipkin ? ZipkinHeadersToLog : [])
            .Concat(tracing.EnableW3C ? W3CHeadersToLog : [])
            .Distinct(StringComparer.Ordinal);
}
