using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Router.Configuration;

namespace Router.Tracing;

/// <summary>
/// Gorouter's tracing handlers in their order (<c>handlers/zipkin.go</c>, <c>handlers/w3c.go</c>,
/// <c>handlers/request_id.go</c>; docs/gorouter-compatibility.md §6.1): rewrites the request's own trace headers
/// in place, so the backend and the access log see the same values, and settles the request id. Only built when
/// <c>tracing.enable_zipkin</c> or <c>tracing.enable_w3c</c> is on. Takes no lock; a malformed header is counted and
/// the first one logged.
/// </summary>
internal sealed partial class TracePropagator
{
    private readonly bool _zipkin;
    private readonly bool _w3c;
    private readonly string _ownStateKey;
    private readonly Func<Guid> _newUuid;
    private readonly ILogger _logger;
    private long _malformed;

    public TracePropagator(TracingOptions options, Func<Guid> newUuid, ILogger logger)
    {
        _zipkin = options.EnableZipkin;
        _w3c = options.EnableW3C;
        _ownStateKey = options.W3CTenantId.Length == 0 ? TraceHeaderNames.VendorKey : options.W3CTenantId + "@" + TraceHeaderNames.VendorKey;
        _newUuid = newUuid;
        _logger = logger;
    }

    /// <summary>Trace headers that could not be read and were ignored or replaced, since start-up.</summary>
    public long MalformedHeaders => Interlocked.Read(ref _malformed);

    /// <summary>Applies the B3 and W3C rules to <paramref name="headers"/> and returns the request's trace.</summary>
    public RequestTrace Apply(IHeaderDictionary headers)
    {
        var trace = new TraceIds();
        if (_zipkin)
        {
            ApplyB3(headers, ref trace);
        }

        if (_w3c)
        {
            ApplyW3C(headers, ref trace);
        }

        Provide(ref trace);
        return new RequestTrace(trace.High, trace.Low, trace.Span, trace.IncomingSpan, trace.IncomingSampled, trace.RequestId!);
    }

    /// <summary>
    /// With spans exported, the W3C parent id sent to the backend is the router's span id, so the backend's spans
    /// hang under it. Still a fresh random id per request, as Gorouter's; B3 headers keep Gorouter's values.
    /// </summary>
    public void UseParentId(IHeaderDictionary headers, ulong parentId)
    {
        if (!_w3c)
        {
            return;
        }

        var traceParent = First(headers[TraceHeaderNames.TraceParent]);
        var traceState = First(headers[TraceHeaderNames.TraceState]);
        headers[TraceHeaderNames.TraceParent] = WithId(traceParent, 36, parentId);
        headers[TraceHeaderNames.TraceState] = WithId(traceState, _ownStateKey.Length + 1, parentId);
    }

    /// <summary><paramref name="value"/> with 16 hex digits at <paramref name="offset"/> replaced by <paramref name="id"/>.</summary>
    private static string WithId(string value, int offset, ulong id) => string.Create(value.Length, (value, offset, id), static (span, state) =>
    {
        state.value.AsSpan().CopyTo(span);
        HexId.Write(state.id, span.Slice(state.offset, 16));
    });

    private void ApplyB3(IHeaderDictionary headers, ref TraceIds trace)
    {
        var single = First(headers[TraceHeaderNames.B3]);
        if (single.Length > 0)
        {
            if (B3Context.TryParseSingle(single, out var context))
            {
                // Kept as sent. A sampling flag alone names no trace: ids are made below, and no X-B3-* are added.
                if (context.HasIds)
                {
                    trace.Set(context, _newUuid);
                }

                trace.IncomingSampled = context.Debug ? true : context.Sampled;
                return;
            }

            Malformed(TraceHeaderNames.B3, single);
        }

        var traceId = First(headers[TraceHeaderNames.B3TraceId]);
        var spanId = First(headers[TraceHeaderNames.B3SpanId]);
        if (traceId.Length > 0 && spanId.Length > 0)
        {
            if (!B3Context.TryParseMulti(
                traceId,
                spanId,
                First(headers[TraceHeaderNames.B3ParentSpanId]),
                First(headers[TraceHeaderNames.B3Sampled]),
                First(headers[TraceHeaderNames.B3Flags]),
                out var context))
            {
                // Gorouter stops here: the X-B3-* headers go on as sent and no b3 is added.
                Malformed(TraceHeaderNames.B3TraceId, traceId);
                return;
            }

            headers[TraceHeaderNames.B3] = context.ToSingleHeader();
            trace.Set(context, _newUuid);
            trace.IncomingSampled = context.Debug ? true : context.Sampled;
            return;
        }

        Provide(ref trace);
        var traceString = HexId.TraceIdString(trace.High, trace.Low);
        var spanString = HexId.SpanIdString(trace.Span);
        headers[TraceHeaderNames.B3TraceId] = traceString;
        headers[TraceHeaderNames.B3SpanId] = spanString;
        headers[TraceHeaderNames.B3] = string.Concat(traceString, "-", spanString);
    }

    private void ApplyW3C(IHeaderDictionary headers, ref TraceIds trace)
    {
        var incoming = First(headers[TraceHeaderNames.TraceParent]);
        string state;
        TraceParent next;
        if (TraceParent.TryParse(incoming, out var previous))
        {
            var parentId = RandomSpanId();
            next = previous with { ParentId = parentId };
            if (!trace.HasValue)
            {
                trace.High = previous.TraceIdHigh;
                trace.Low = previous.TraceIdLow;
                trace.Span = parentId;
                trace.RequestId = RequestTrace.RequestIdFor(previous.TraceIdHigh, previous.TraceIdLow, _newUuid);
            }

            trace.IncomingSpan = previous.ParentId;
            trace.IncomingSampled = previous.Sampled;
            state = TraceState.Next(_ownStateKey, parentId, First(headers[TraceHeaderNames.TraceState]));
        }
        else
        {
            if (incoming.Length > 0)
            {
                Malformed(TraceHeaderNames.TraceParent, incoming);
            }

            // A new trace from the ids already settled (B3's, or new ones); the incoming tracestate is dropped.
            Provide(ref trace);
            next = new TraceParent(trace.High, trace.Low, trace.Span, Flags: 1);
            state = TraceState.New(_ownStateKey, trace.Span);
        }

        headers[TraceHeaderNames.TraceParent] = next.ToString();
        headers[TraceHeaderNames.TraceState] = state;
    }

    /// <summary>Gorouter's <c>ProvideTraceInfo</c>: a new UUID v4 is the trace id, its low 64 bits the span id.</summary>
    private void Provide(ref TraceIds trace)
    {
        if (trace.HasValue)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[16];
        _newUuid().TryWriteBytes(bytes, bigEndian: true, out _);
        trace.High = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        trace.Low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        trace.Span = trace.Low;
        trace.RequestId = RequestTrace.FormatUuid(trace.High, trace.Low);
    }

    /// <summary>
    /// 64 random bits from a fresh UUID's second half; its variant bits make it never zero, which a W3C parent id
    /// must not be.
    /// </summary>
    private ulong RandomSpanId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _newUuid().TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
    }

    private void Malformed(string header, string value)
    {
        if (Interlocked.Increment(ref _malformed) == 1)
        {
            LogMalformedHeader(_logger, header, value.Length > 128 ? value[..128] : value);
        }
    }

    /// <summary>The first value, as Go's <c>Header.Get</c> reads a repeated header.</summary>
    private static string First(StringValues values) => values.Count == 0 ? string.Empty : values[0] ?? string.Empty;

    [LoggerMessage(EventId = 1300, EventName = "trace-header-malformed", Level = LogLevel.Warning,
        Message = "Ignoring a malformed {Header} request header ({Value}); further ones are counted, not logged")]
    private static partial void LogMalformedHeader(ILogger logger, string header, string value);

    /// <summary>Gorouter's <c>RequestInfo.TraceInfo</c> while the handlers run.</summary>
    private struct TraceIds
    {
        public ulong High;
        public ulong Low;
        public ulong Span;
        public ulong IncomingSpan;
        public bool? IncomingSampled;
        public string? RequestId;

        public readonly bool HasValue => RequestId is not null;

        public void Set(in B3Context context, Func<Guid> newUuid)
        {
            High = context.TraceIdHigh;
            Low = context.TraceIdLow;
            Span = context.SpanId;
            IncomingSpan = context.SpanId;
            RequestId = RequestTrace.RequestIdFor(High, Low, newUuid);
        }
    }
}
