using System.Buffers;

namespace Router.Hosting;

/// <summary>
/// Keeps network-derived text (NATS payloads, URIs, hosts, headers, paths) from breaking a plain-text log line:
/// one event is always one line, so no text can end a line and write a second one that looks like a real event
/// (CWE-117). Copies UTF-8 text with every C0 control and DEL written as an escape (<c>\n</c>, <c>\r</c>,
/// <c>\t</c>, otherwise <c>\xNN</c>) and with the Unicode line breaks and C1 controls (U+0080 to U+009F, U+2028,
/// U+2029) written as <c>\uNNNN</c>. Everything else, backslashes included, is copied as it is.
/// </summary>
internal static class LogLineEscaping
{
    // C0 controls, DEL, and the lead bytes of U+0080-U+009F (C2 xx) and U+2028/U+2029 (E2 80 A8/A9).
    private static readonly SearchValues<byte> Suspicious = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), 0x7F, 0xC2, 0xE2]);

    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="text"/> escaped; a line without anything to escape is one copy.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            var next = text.IndexOfAny(Suspicious);
            if (next < 0)
            {
                output.Write(text);
                return;
            }

            output.Write(text[..next]);
            text = text[next..];
            var first = text[0];
            if (first < 0x20 || first == 0x7F)
            {
                WriteControl(output, first);
                text = text[1..];
            }
            else if (first == 0xC2 && text.Length > 1 && text[1] is >= 0x80 and <= 0x9F)
            {
                WriteUnicodeEscape(output, text[1]);
                text = text[2..];
            }
            else if (first == 0xE2 && text.Length > 2 && text[1] == 0x80 && text[2] is 0xA8 or 0xA9)
            {
                WriteUnicodeEscape(output, 0x2000 | text[2] - 0x80);
                text = text[3..];
            }
            else
            {
                output.Write(text[..1]);
                text = text[1..];
            }
        }
    }

    private static void WriteControl(IBufferWriter<byte> output, byte value)
    {
        ReadOnlySpan<byte> shortForm = value switch
        {
            (byte)'\n' => "\\n"u8,
            (byte)'\r' => "\\r"u8,
            (byte)'\t' => "\\t"u8,
            _ => default,
        };

        if (!shortForm.IsEmpty)
        {
            output.Write(shortForm);
            return;
        }

        var span = output.GetSpan(4);
        span[0] = (byte)'\\';
        span[1] = (byte)'x';
        span[2] = LowerHex[value >> 4];
        span[3] = LowerHex[value & 0xF];
        output.Advance(4);
    }

    private static void WriteUnicodeEscape(IBufferWriter<byte> output, int codePoint)
    {
        var span = output.GetSpan(6);
        span[0] = (byte)'\\';
        span[1] = (byte)'u';
        for (var i = 5; i >= 2; i--)
        {
            span[i] = LowerHex[codePoint & 0xF];
            codePoint >>= 4;
        }

        output.Advance(6);
    }
}
