using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Router.Text;

namespace Router.RouteServices;

/// <summary>
/// The two JSON documents of a route-service signature, written byte for byte as Go's <c>encoding/json</c> writes
/// them (Gorouter <c>routeservice/signature.go</c>): fields in declaration order, no spaces, <c>&lt;</c>,
/// <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 escaped as <c>\u00XX</c>, and <c>time.Time</c> in RFC 3339 with
/// trailing zeros of the fraction dropped. Reading accepts what Go's decoder accepts for these fields: names in
/// any case, unknown fields ignored. Writing and reading work on UTF-8 spans; on the request path the only
/// allocation is the forwarded URL read back (and error texts).
/// </summary>
internal static class SignatureJson
{
    /// <summary>Longest time <see cref="FormatTime(DateTimeOffset, Span{byte})"/> writes: <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    public const int MaxTimeLength = 28;

    // {"forwarded_url":"  ","requested_time":"  "}
    private const int ContentsFraming = 18 + 20 + 2;

    // Longest time or nonce text read on the stack; longer ones (never written by Gorouter) are read as strings.
    private const int StackValueChars = 64;

    // A URL character takes at most 6 bytes: \u00XX, \u2028.
    private const int MaxBytesPerUrlChar = 6;

    private static readonly SearchValues<char> EscapedChars = SearchValues.Create(
        "\"\\<>&\u2028\u2029\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    /// <summary>Most bytes <see cref="TryWriteContents"/> writes for a forwarded URL of <paramref name="urlLength"/> characters.</summary>
    public static int MaxContentsLength(int urlLength) => checked(ContentsFraming + MaxTimeLength + (MaxBytesPerUrlChar * urlLength));

    /// <summary>Length of <see cref="WriteMetadata"/>'s output for a nonce of <paramref name="nonceLength"/> bytes.</summary>
    public static int MetadataLength(int nonceLength) => "{\"nonce\":\"\"}".Length + GoBase64.EncodedLength(nonceLength);

    /// <summary>
    /// Writes <c>{"forwarded_url":"...","requested_time":"..."}</c> as UTF-8; false when <paramref name="destination"/>
    /// is too small (<see cref="MaxContentsLength"/> always suffices). Characters the URL cannot hold in UTF-8 (lone
    /// surrogates) become U+FFFD, as .NET's UTF-8 encoder writes them.
    /// </summary>
    public static bool TryWriteContents(string forwardedUrl, DateTimeOffset requestedTime, Span<byte> destination, out int written)
    {
        written = 0;
        if (!TryAppend(destination, ref written, "{\"forwarded_url\":\""u8) ||
            !TryAppendEscaped(destination, ref written, forwardedUrl) ||
            !TryAppend(destination, ref written, "\",\"requested_time\":\""u8) ||
            destination.Length - written < MaxTimeLength + 2)
        {
            return false;
        }

        written += FormatTime(requestedTime, destination[written..]);
        return TryAppend(destination, ref written, "\"}"u8);
    }

    /// <summary>Writes <c>{"nonce":"&lt;standard base64&gt;"}</c> as UTF-8 (<see cref="MetadataLength"/> bytes); returns how many.</summary>
    public static int WriteMetadata(ReadOnlySpan<byte> nonce, Span<byte> destination)
    {
        var written = 0;
        TryAppend(destination, ref written, "{\"nonce\":\""u8);
        written += GoBase64.EncodeStd(nonce, destination[written..]);
        TryAppend(destination, ref written, "\"}"u8);
        return written;
    }

    /// <summary>
    /// Writes Go's <c>time.RFC3339Nano</c> in UTC as ASCII (at most <see cref="MaxTimeLength"/> bytes): seconds, then
    /// the fraction without its trailing zeros, none when it is zero. Returns the length.
    /// </summary>
    public static int FormatTime(DateTimeOffset time, Span<byte> destination)
    {
        var utc = time.UtcDateTime;
        AsciiDigits.WriteDateTime(utc, destination);
        var length = AsciiDigits.DateTimeLength;
        var fraction = (int)(utc.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            destination[length++] = (byte)'.';
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            AsciiDigits.Write(destination.Slice(length, digits), fraction);
            length += digits;
        }

        destination[length++] = (byte)'Z';
        return length;
    }

    /// <summary>
    /// Reads the nonce from metadata JSON into <paramref name="nonce"/> when it decodes to exactly that many bytes;
    /// <paramref name="nonceLength"/> is the length it decoded to (0 when there is none), which the cipher checks.
    /// False with the reason when the JSON is not an object or the nonce is not base64.
    /// </summary>
    public static bool TryReadNonce(ReadOnlySpan<byte> json, Span<byte> nonce, out int nonceLength, out string error)
    {
        nonceLength = 0;
        error = "";
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!ReadObjectStart(ref reader, out error))
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isNonce = NameEquals(ref reader, "nonce");
                reader.Read();
                if (isNonce && reader.TokenType == JsonTokenType.String)
                {
                    if (!TryDecodeNonce(ref reader, nonce, out nonceLength, out error))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a name or string that is not valid UTF-8; the header comes from the client.
            error = "invalid metadata JSON";
            return false;
        }
    }

    /// <summary>Reads decrypted signature JSON; false with the reason when it is not a JSON object.</summary>
    public static bool TryReadContents(ReadOnlySpan<byte> json, out SignatureContents contents, out string error)
    {
        contents = default;
        var url = "";
        var time = DateTimeOffset.MinValue;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!ReadObjectStart(ref reader, out error))
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUrl = NameEquals(ref reader, "forwarded_url");
                var isTime = !isUrl && NameEquals(ref reader, "requested_time");
                reader.Read();
                if (isUrl && reader.TokenType == JsonTokenType.String)
                {
                    url = reader.GetString()!;
                }
                else if (isTime && reader.TokenType == JsonTokenType.String)
                {
                    if (!TryReadTime(ref reader, out time))
                    {
                        error = "parsing time as RFC 3339 failed";
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = "invalid signature JSON";
            return false;
        }

        contents = new SignatureContents(url, time);
        return true;
    }

    /// <summary>
    /// RFC 3339 with up to nine fraction digits, as Go writes them; .NET keeps seven. The form Go writes
    /// (<c>yyyy-MM-ddTHH:mm:ss[.fraction]Z</c>) is read directly; any other goes to <c>DateTimeOffset.TryParse</c>,
    /// which decides the same for Go's form.
    /// </summary>
    public static bool TryParseTime(ReadOnlySpan<char> text, out DateTimeOffset time) =>
        TryParseGoTime(text, out time) || TryParseAnyTime(text, out time);

    /// <summary>
    /// True when the property name the reader is on is <paramref name="name"/> (ASCII) in any case, as
    /// <c>string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase)</c> decides, without the
    /// string: no character outside ASCII folds to an ASCII one, so a name in valid UTF-8 without escapes matches
    /// exactly when its bytes are the name's in ASCII case. Escaped names and bytes that are not UTF-8 (which
    /// <see cref="Utf8JsonReader.GetString"/> refuses) take the string comparison.
    /// </summary>
    private static bool NameEquals(ref Utf8JsonReader reader, string name)
    {
        if (!reader.ValueIsEscaped && Utf8.IsValid(reader.ValueSpan))
        {
            return Ascii.EqualsIgnoreCase(reader.ValueSpan, name);
        }

        return string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Decodes the nonce string the reader is on; <paramref name="nonce"/> gets it when it has exactly its length.</summary>
    private static bool TryDecodeNonce(ref Utf8JsonReader reader, Span<byte> nonce, out int nonceLength, out string error)
    {
        nonceLength = 0;
        if (reader.ValueSpan.Length > StackValueChars)
        {
            return TryDecodeNonce(reader.GetString()!, nonce, out nonceLength, out error);
        }

        Span<char> text = stackalloc char[StackValueChars];
        return TryDecodeNonce(text[..reader.CopyString(text)], nonce, out nonceLength, out error);
    }

    private static bool TryDecodeNonce(ReadOnlySpan<char> text, Span<byte> nonce, out int nonceLength, out string error)
    {
        using var decoded = new ScratchBytes(stackalloc byte[StackValueChars], GoBase64.MaxDecodedLength(text.Length));
        if (!GoBase64.TryDecodeStd(text, decoded.Span, out nonceLength, out error))
        {
            nonceLength = 0;
            return false;
        }

        if (nonceLength == nonce.Length)
        {
            decoded.Span[..nonceLength].CopyTo(nonce);
        }

        return true;
    }

    /// <summary>Reads the time string the reader is on.</summary>
    private static bool TryReadTime(ref Utf8JsonReader reader, out DateTimeOffset time)
    {
        if (reader.ValueSpan.Length > StackValueChars)
        {
            return TryParseTime(reader.GetString()!, out time);
        }

        Span<char> text = stackalloc char[StackValueChars];
        return TryParseTime(text[..reader.CopyString(text)], out time);
    }

    /// <summary>
    /// Exactly <c>yyyy-MM-ddTHH:mm:ssZ</c> or <c>yyyy-MM-ddTHH:mm:ss.d…Z</c> with one or more fraction digits (past
    /// the seventh ignored) and a date and time that exist; false for anything else, valid or not.
    /// </summary>
    private static bool TryParseGoTime(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 20 || text[^1] != 'Z' ||
            text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
            !TryReadDigits(text[..4], out var year) || !TryReadDigits(text.Slice(5, 2), out var month) ||
            !TryReadDigits(text.Slice(8, 2), out var day) || !TryReadDigits(text.Slice(11, 2), out var hour) ||
            !TryReadDigits(text.Slice(14, 2), out var minute) || !TryReadDigits(text.Slice(17, 2), out var second) ||
            year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var ticks = 0L;
        if (text.Length > 20)
        {
            // '.' and at least one digit, then only digits up to the 'Z'.
            var digits = text[20..^1];
            if (text[19] != '.' || digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            var scale = TimeSpan.TicksPerSecond;
            foreach (var digit in digits[..Math.Min(digits.Length, 7)])
            {
                scale /= 10;
                ticks += (digit - '0') * scale;
            }
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);
        return true;
    }

    /// <summary>Any form <c>DateTimeOffset.TryParse</c> reads, fraction cut to seven digits, with a 'T' at 10.</summary>
    private static bool TryParseAnyTime(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text[..(dot + 8)], text[end..]);
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            && text.Length >= 20 && text[10] == 'T';
    }

    private static bool TryReadDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool ReadObjectStart(ref Utf8JsonReader reader, out string error)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "json: not an object";
            return false;
        }

        error = "";
        return true;
    }

    private static bool TryAppend(Span<byte> destination, ref int written, ReadOnlySpan<byte> bytes)
    {
        if (!bytes.TryCopyTo(destination[written..]))
        {
            return false;
        }

        written += bytes.Length;
        return true;
    }

    /// <summary>The JSON string body of <paramref name="value"/>: runs without escapes transcoded whole, the rest escaped as Go escapes them.</summary>
    private static bool TryAppendEscaped(Span<byte> destination, ref int written, ReadOnlySpan<char> value)
    {
        while (true)
        {
            var next = value.IndexOfAny(EscapedChars);
            var run = next < 0 ? value : value[..next];
            if (Utf8.FromUtf16(run, destination[written..], out _, out var count) != OperationStatus.Done)
            {
                return false;
            }

            written += count;
            if (next < 0)
            {
                return true;
            }

            if (!TryAppendEscape(destination, ref written, value[next]))
            {
                return false;
            }

            value = value[(next + 1)..];
        }
    }

    /// <summary>One escaped character: the two-character forms Go uses, else <c>\u</c> and four lower-case hex digits.</summary>
    private static bool TryAppendEscape(Span<byte> destination, ref int written, char c)
    {
        var shortForm = c switch
        {
            '"' => "\\\""u8,
            '\\' => "\\\\"u8,
            '\n' => "\\n"u8,
            '\r' => "\\r"u8,
            '\t' => "\\t"u8,
            '\b' => "\\b"u8,
            '\f' => "\\f"u8,
            _ => default,
        };
        if (!shortForm.IsEmpty)
        {
            return TryAppend(destination, ref written, shortForm);
        }

        if (destination.Length - written < 6)
        {
            return false;
        }

        var escape = destination.Slice(written, 6);
        escape[0] = (byte)'\\';
        escape[1] = (byte)'u';
        for (var i = 5; i >= 2; i--)
        {
            escape[i] = "0123456789abcdef"u8[c & 0xF];
            c = (char)(c >> 4);
        }

        written += 6;
        return true;
    }
}
