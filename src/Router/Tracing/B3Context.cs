namespace Router.Tracing;

/// <summary>
/// A B3 trace context read from the single <c>b3</c> header or the <c>X-B3-*</c> headers, with zipkin-go's rules
/// (<c>propagation/b3/spancontext.go</c>, which Gorouter's <c>handlers/zipkin.go</c> calls). One difference: an
/// all-zero trace id or span id is refused, where zipkin-go would accept it (docs/tracing.md).
/// </summary>
internal readonly record struct B3Context(ulong TraceIdHigh, ulong TraceIdLow, ulong SpanId, ulong? ParentSpanId, bool? Sampled, bool Debug)
{
    /// <summary>False for a single header that carries only a sampling decision (<c>0</c>, <c>1</c> or <c>d</c>).</summary>
    public bool HasIds => SpanId != 0;

    /// <summary>Parses a <c>b3</c> header: <c>{trace16|trace32}-{span16}[-{0|1|d}[-{parent16}]]</c>, or a lone sampling flag.</summary>
    public static bool TryParseSingle(ReadOnlySpan<char> header, out B3Context context)
    {
        context = default;
        if (header.Length == 1)
        {
            return TrySampling(header, out context);
        }

        // 16 or 32 characters is a trace id without a span id; shorter cannot hold both.
        if (header.Length < 16 + 1 + 16)
        {
            return false;
        }

        ulong high = 0;
        var pos = 0;
        if (header[16] != '-')
        {
            if (!HexId.TryParse(header[..16], out high))
            {
                return false;
            }

            pos = 16;
        }

        if (header.Length < pos + 16 + 1 + 16 ||
            !HexId.TryParse(header.Slice(pos, 16), out var low) ||
            !HexId.TryParse(header.Slice(pos + 16 + 1, 16), out var span))
        {
            return false;
        }

        var rest = header[(pos + 16 + 1 + 16)..];
        ulong? parent = null;
        var flags = default(B3Context);
        if (!rest.IsEmpty)
        {
            // "-{flag}" or "-{flag}-{parent16}"; Go slices without looking at the separators, and so does this.
            if (rest.Length == 2)
            {
                if (!TrySampling(rest[1..], out flags))
                {
                    return false;
                }
            }
            else if (rest.Length == 2 + 1 + 16)
            {
                if (!TrySampling(rest.Slice(1, 1), out flags) || !HexId.TryParse(rest[3..], out var parentId))
                {
                    return false;
                }

                parent = parentId;
            }
            else
            {
                return false;
            }
        }

        if ((high == 0 && low == 0) || span == 0)
        {
            return false;
        }

        context = new B3Context(high, low, span, parent, flags.Sampled, flags.Debug);
        return true;
    }

    /// <summary>
    /// Parses <c>X-B3-TraceId</c> and <c>X-B3-SpanId</c> (both present) with the optional parent, sampled and flags
    /// headers, as zipkin-go's <c>ParseHeaders</c>: sampled is <c>0</c>/<c>1</c>/<c>true</c>/<c>false</c> in any case,
    /// flags <c>1</c> means debug and any other flags value is ignored.
    /// </summary>
    public static bool TryParseMulti(string traceId, string spanId, string? parentSpanId, string? sampled, string? flags, out B3Context context)
    {
        context = default;
        bool? isSampled;
        if (string.IsNullOrEmpty(sampled))
        {
            isSampled = null;
        }
        else if (sampled is "0" || sampled.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            isSampled = false;
        }
        else if (sampled is "1" || sampled.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            isSampled = true;
        }
        else
        {
            return false;
        }

        var debug = flags == "1";
        if (debug)
        {
            isSampled = null;
        }

        if (!HexId.TryParseTraceId(traceId, out var high, out var low) || !HexId.TryParse(spanId, out var span) ||
            (high == 0 && low == 0) || span == 0)
        {
            return false;
        }

        ulong? parent = null;
        if (!string.IsNullOrEmpty(parentSpanId))
        {
            if (!HexId.TryParse(parentSpanId, out var parentId))
            {
                return false;
            }

            parent = parentId;
        }

        context = new B3Context(high, low, span, parent, isSampled, debug);
        return true;
    }

    /// <summary>The trace id as zipkin-go prints it: 16 digits when the high half is zero, else 32.</summary>
    public string TraceIdString() => HexId.TraceIdString(TraceIdHigh, TraceIdLow);

    /// <summary>zipkin-go's <c>BuildSingleHeader</c>: <c>{trace}-{span}</c>, then <c>d</c>, <c>1</c> or <c>0</c>, then the parent.</summary>
    public string ToSingleHeader()
    {
        var traceLength = TraceIdHigh == 0 ? 16 : 32;
        var sampling = Debug || Sampled is not null;
        var length = traceLength + 1 + 16 + (sampling ? 2 : 0) + (ParentSpanId is null ? 0 : 17);
        return string.Create(length, this, static (span, context) =>
        {
            if (context.TraceIdHigh != 0)
            {
                HexId.Write(context.TraceIdHigh, span);
                span = span[16..];
            }

            HexId.Write(context.TraceIdLow, span);
            span[16] = '-';
            HexId.Write(context.SpanId, span[17..]);
            span = span[33..];
            if (context.Debug || context.Sampled is not null)
            {
                span[0] = '-';
                span[1] = context.Debug ? 'd' : context.Sampled == true ? '1' : '0';
                span = span[2..];
            }

            if (context.ParentSpanId is { } parent)
            {
                span[0] = '-';
                HexId.Write(parent, span[1..]);
            }
        });
    }

    private static bool TrySampling(ReadOnlySpan<char> flag, out B3Context context)
    {
        context = flag[0] switch
        {
            'd' => new B3Context(0, 0, 0, null, null, Debug: true),
            '1' => new B3Context(0, 0, 0, null, Sampled: true, false),
            '0' => new B3Context(0, 0, 0, null, Sampled: false, false),
            _ => default,
        };
        return flag[0] is 'd' or '1' or '0';
    }
}
