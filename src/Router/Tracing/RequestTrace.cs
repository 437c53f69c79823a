namespace Router.Tracing;

/// <summary>
/// The trace a request belongs to, as <see cref="TracePropagator"/> settled it: the trace id, the span id the backend
/// was told to use as its parent, the span id the request arrived with (if any), the sampling decision it arrived
/// with, and the <c>X-Vcap-Request-Id</c> derived from the trace id.
/// </summary>
internal readonly record struct RequestTrace(
    ulong TraceIdHigh,
    ulong TraceIdLow,
    ulong SpanId,
    ulong IncomingSpanId,
    bool? IncomingSampled,
    string RequestId)
{
    /// <summary>
    /// Gorouter's <c>RequestInfo.SetTraceInfo</c>: the trace id, written as a UUID (8-4-4-4-12), is the request id
    /// when it is 128 bits and its version digit (the 13th hex digit) is 1 to 5; any other trace id gets a fresh
    /// random UUID.
    /// </summary>
    public static string RequestIdFor(ulong high, ulong low, Func<Guid> newUuid)
    {
        var version = (high >> 12) & 0xF;
        return version is >= 1 and <= 5 ? FormatUuid(high, low) : newUuid().ToString();
    }

    /// <summary>The 128 bits as a lower-case UUID string, 8-4-4-4-12.</summary>
    public static string FormatUuid(ulong high, ulong low) => string.Create(36, (high, low), static (span, ids) =>
    {
        Span<char> hex = stackalloc char[32];
        HexId.Write(ids.high, hex);
        HexId.Write(ids.low, hex[16..]);
        hex[..8].CopyTo(span);
        span[8] = '-';
        hex.Slice(8, 4).CopyTo(span[9..]);
        span[13] = '-';
        hex.Slice(12, 4).CopyTo(span[14..]);
        span[18] = '-';
        hex.Slice(16, 4).CopyTo(span[19..]);
        span[23] = '-';
        hex[20..].CopyTo(span[24..]);
    });
}
