using System.Buffers;
using System.Buffers.Text;

namespace Router.AccessLog;

/// <summary>
/// Octet-counting framing for syslog over a stream (RFC 6587 §3.4.1, also RFC 5425 §4.3 for TLS):
/// <c>MSG-LEN SP SYSLOG-MSG</c>, the length in decimal bytes. Unlike newline framing, a message may hold any byte.
/// </summary>
internal static class SyslogFraming
{
    /// <summary>Writes <paramref name="message"/> with its length prefix.</summary>
    public static void WriteOctetCounted(IBufferWriter<byte> output, ReadOnlySpan<byte> message)
    {
        var prefix = output.GetSpan(11);
        Utf8Formatter.TryFormat(message.Length, prefix, out var written);
        prefix[written++] = (byte)' ';
        output.Advance(written);
        output.Write(message);
    }

    /// <summary>
    /// Reads one frame from the start of <paramref name="input"/>: true with the message and the bytes consumed when a
    /// whole frame is there, false when more bytes are needed. Throws on a malformed length.
    /// </summary>
    public static bool TryReadOctetCounted(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> message, out int consumed)
    {
        message = default;
        consumed = 0;
        var space = input.IndexOf((byte)' ');
        if (space < 0)
        {
            if (input.Length > 10)
            {
                throw new FormatException("Octet-counted frame without a length.");
            }

            return false;
        }

        if (space == 0 || input[0] == (byte)'0' || !Utf8Parser.TryParse(input[..space], out int length, out var digits) || digits != space)
        {
            throw new FormatException("Octet-counted frame with a malformed length.");
        }

        if (input.Length - space - 1 < length)
        {
            return false;
        }

        message = input.Slice(space + 1, length);
        consumed = space + 1 + length;
        return true;
    }
}
