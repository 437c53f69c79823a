namespace Router.Text;

/// <summary>
/// Decimal digits and the date and time of RFC 3339 written straight as ASCII bytes, for the log lines and the
/// route-service signature that write a timestamp per line or request: no format string parsed, no string made.
/// </summary>
internal static class AsciiDigits
{
    /// <summary>Length of <see cref="WriteDateTime"/>'s output: <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    public const int DateTimeLength = 19;

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss</c> of <paramref name="utc"/> to the first <see cref="DateTimeLength"/> bytes.</summary>
    public static void WriteDateTime(DateTime utc, Span<byte> destination)
    {
        Write(destination[..4], utc.Year);
        destination[4] = (byte)'-';
        Write(destination.Slice(5, 2), utc.Month);
        destination[7] = (byte)'-';
        Write(destination.Slice(8, 2), utc.Day);
        destination[10] = (byte)'T';
        Write(destination.Slice(11, 2), utc.Hour);
        destination[13] = (byte)':';
        Write(destination.Slice(14, 2), utc.Minute);
        destination[16] = (byte)':';
        Write(destination.Slice(17, 2), utc.Second);
    }

    /// <summary>Writes the last <c>destination.Length</c> decimal digits of <paramref name="value"/> (≥ 0), zero-padded.</summary>
    public static void Write(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
