using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Router.AccessLog;

/// <summary>How single values are written: the request URI with redaction, durations, the timestamp, numbers.</summary>
internal static partial class AccessLogFormatter
{
    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    /// <summary>
    /// Go's <c>URL.RequestURI()</c> of the request-target: origin form as received; for absolute form only the path
    /// and query. GET queries are redacted per <c>redact_query_params</c>, as Gorouter does (other methods never are).
    /// </summary>
    private static void WriteRequestUri(IBufferWriter<byte> output, in AccessLogRecord record, QueryRedaction redaction)
    {
        ReadOnlySpan<char> target = record.RequestTarget;
        if (target.Length > 0 && target[0] != '/')
        {
            var scheme = target.IndexOf("://");
            if (scheme > 0)
            {
                var authorityAndRest = target[(scheme + 3)..];
                var pathStart = authorityAndRest.IndexOfAny('/', '?');
                target = pathStart < 0 ? [] : authorityAndRest[pathStart..];
                if (target.IsEmpty || target[0] == '?')
                {
                    output.Write("/"u8);
                }
            }
        }

        var queryStart = target.IndexOf('?');
        if (redaction == QueryRedaction.None || queryStart < 0 || queryStart == target.Length - 1 ||
            !string.Equals(record.Method, "GET", StringComparison.Ordinal))
        {
            GoQuote.WriteEscaped(output, target);
            return;
        }

        GoQuote.WriteEscaped(output, target[..queryStart]);
        if (redaction == QueryRedaction.Hash)
        {
            output.Write("?hash="u8);
            WriteSha1Hex(output, target[(queryStart + 1)..]);
        }
    }

    private static void WriteSha1Hex(IBufferWriter<byte> output, ReadOnlySpan<char> query)
    {
        var length = Encoding.UTF8.GetByteCount(query);
        byte[]? rented = null;
        var bytes = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        Encoding.UTF8.GetBytes(query, bytes);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
#pragma warning disable CA5350 // Gorouter's redaction format is SHA-1 of the query; it pseudonymises a log field, it is not a security boundary.
        SHA1.HashData(bytes, hash);
#pragma warning restore CA5350
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        var hex = output.GetSpan(hash.Length * 2);
        for (var i = 0; i < hash.Length; i++)
        {
            hex[2 * i] = LowerHex[hash[i] >> 4];
            hex[(2 * i) + 1] = LowerHex[hash[i] & 0xF];
        }

        output.Advance(hash.Length * 2);
    }

    /// <summary>Seconds with six decimals (Go <c>FormatFloat(v, 'f', 6, 64)</c>); negative prints <c>"-"</c>.</summary>
    private static void WriteSeconds(IBufferWriter<byte> output, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            output.Write(Dash);
            return;
        }

        // 100 ns ticks -> microseconds, rounded half up.
        var microseconds = (value.Ticks + 5) / 10;
        WriteInteger(output, microseconds / 1_000_000);
        output.Write("."u8);
        var span = output.GetSpan(6);
        (microseconds % 1_000_000).TryFormat(span, out var written, "D6", CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>Go's layout <c>2006-01-02T15:04:05.000000000Z</c>: nine fractional digits, UTC.</summary>
    private static void WriteTimestamp(IBufferWriter<byte> output, DateTime value)
    {
        // The round-trip format gives 2006-01-02T15:04:05.0000000Z (28 bytes, seven digits); .NET counts 100 ns,
        // so the last two of Go's nine digits are always zero.
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        var span = output.GetSpan(30);
        utc.TryFormat(span, out var written, "O", CultureInfo.InvariantCulture);
        span[written - 1] = (byte)'0';
        span[written] = (byte)'0';
        span[written + 1] = (byte)'Z';
        output.Advance(written + 2);
    }

    private static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void WriteIp(IBufferWriter<byte> output, System.Net.IPAddress address)
    {
        // 65 bytes hold the longest IPv6 text with a scope id.
        var span = output.GetSpan(65);
        address.TryFormat(span, out var written);
        output.Advance(written);
    }
}
