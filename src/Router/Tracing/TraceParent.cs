namespace Router.Tracing;

/// <summary>
/// A W3C <c>traceparent</c> value, <c>{version}-{trace-id}-{parent-id}-{flags}</c>
/// (<see href="https://www.w3.org/TR/trace-context/#traceparent-header"/>; Gorouter <c>handlers/w3c_traceparent.go</c>).
/// Read as Gorouter reads it (surrounding white space and letter case ignored, exactly 55 characters), and also
/// refused, as the W3C specification requires, when a separator is not <c>-</c>, the version is <c>ff</c>, or the
/// trace id or parent id is all zeros (docs/tracing.md).
/// </summary>
internal readonly record struct TraceParent(ulong TraceIdHigh, ulong TraceIdLow, ulong ParentId, byte Flags)
{
    public const int Length = 55;

    /// <summary>The sampled bit of <see cref="Flags"/>.</summary>
    public bool Sampled => (Flags & 1) != 0;

    public static bool TryParse(ReadOnlySpan<char> header, out TraceParent traceParent)
    {
        traceParent = default;
        header = header.Trim(" \t\r\n\v\f");
        if (header.Length != Length || header[2] != '-' || header[35] != '-' || header[52] != '-')
        {
            return false;
        }

        if (!TryByte(header[..2], out var version) || version == 0xFF ||
            !HexId.TryParse(header.Slice(3, 16), out var high) || !HexId.TryParse(header.Slice(19, 16), out var low) ||
            !HexId.TryParse(header.Slice(36, 16), out var parent) || !TryByte(header.Slice(53, 2), out var flags) ||
            (high == 0 && low == 0) || parent == 0)
        {
            return false;
        }

        traceParent = new TraceParent(high, low, parent, flags);
        return true;
    }

    /// <summary>The header value, version <c>00</c>, lower case.</summary>
    public override string ToString() => string.Create(Length, this, static (span, value) =>
    {
        span[0] = '0';
        span[1] = '0';
        span[2] = '-';
        HexId.Write(value.TraceIdHigh, span[3..]);
        HexId.Write(value.TraceIdLow, span[19..]);
        span[35] = '-';
        HexId.Write(value.ParentId, span[36..]);
        span[52] = '-';
        span[53] = Nibble(value.Flags >> 4);
        span[54] = Nibble(value.Flags & 0xF);
    });

    /// <summary>The trace id as 32 lower-case hex digits.</summary>
    public string TraceIdString() => string.Create(32, this, static (span, value) =>
    {
        HexId.Write(value.TraceIdHigh, span);
        HexId.Write(value.TraceIdLow, span[16..]);
    });

    private static char Nibble(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);

    private static bool TryByte(ReadOnlySpan<char> text, out byte value)
    {
        var high = HexId.Digit(text[0]);
        var low = HexId.Digit(text[1]);
        value = (byte)((high << 4) | low);
        return high >= 0 && low >= 0;
    }
}
