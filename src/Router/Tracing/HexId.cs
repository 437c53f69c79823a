namespace Router.Tracing;

/// <summary>
/// Hexadecimal trace and span ids, read as Go's <c>strconv.ParseUint(s, 16, 64)</c> reads them (either letter case,
/// any number of leading zeros, no sign or prefix) and written lower case, zero-padded, as zipkin-go's
/// <c>model.ID</c> and <c>model.TraceID</c> print them.
/// </summary>
internal static class HexId
{
    private const string Digits = "0123456789abcdef";

    /// <summary>Parses a non-empty hex number that fits 64 bits.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var significant = 0;
        foreach (var c in text)
        {
            var digit = Digit(c);
            if (digit < 0)
            {
                return false;
            }

            if (significant > 0 || digit > 0)
            {
                if (++significant > 16)
                {
                    return false;
                }

                value = (value << 4) | (uint)digit;
            }
        }

        return true;
    }

    /// <summary>Parses a 128-bit trace id as zipkin-go's <c>TraceIDFromHex</c>: the last 16 digits are the low half.</summary>
    public static bool TryParseTraceId(ReadOnlySpan<char> text, out ulong high, out ulong low)
    {
        high = 0;
        if (text.Length > 16)
        {
            low = 0;
            return TryParse(text[..^16], out high) && TryParse(text[^16..], out low);
        }

        return TryParse(text, out low);
    }

    /// <summary>Writes <paramref name="value"/> as 16 lower-case hex digits.</summary>
    public static void Write(ulong value, Span<char> destination)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = Digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    /// <summary>zipkin-go's <c>TraceID.String</c>: 16 digits when the high half is zero, else 32.</summary>
    public static string TraceIdString(ulong high, ulong low) => string.Create(
        high == 0 ? 16 : 32,
        (high, low),
        static (span, ids) =>
        {
            if (span.Length == 32)
            {
                Write(ids.high, span);
                span = span[16..];
            }

            Write(ids.low, span);
        });

    /// <summary>zipkin-go's <c>ID.String</c>: 16 digits.</summary>
    public static string SpanIdString(ulong id) => string.Create(16, id, static (span, value) => Write(value, span));

    public static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
