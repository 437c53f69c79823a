using System.Buffers;
using System.Globalization;
using System.Text;

namespace Router.AccessLog;

/// <summary>
/// Writes a string as UTF-8 the way Go's <c>strconv.Quote</c> (<c>%q</c>) does, which is how Gorouter quotes
/// access-log values: printable runes as they are, <c>\"</c> and <c>\\</c>, the C escapes <c>\a \b \f \n \r \t \v</c>,
/// other control bytes as <c>\xNN</c>, other non-printable runes as <c>\uNNNN</c> or <c>\UNNNNNNNN</c>
/// (lower-case hex). "Printable" is Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and
/// the ASCII space.
/// </summary>
/// <remarks>
/// Go quotes bytes, .NET holds UTF-16: the only input Go would see as invalid UTF-8 is a lone surrogate here,
/// which is written as <c>\ufffd</c>.
/// </remarks>
internal static class GoQuote
{
    // Printable ASCII that needs no escape: everything from space to '~' except '"' and '\'.
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static ReadOnlySpan<byte> LowerHex => "0123456789abcdef"u8;

    /// <summary>Writes <c>"value"</c>, escaped.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<char> value)
    {
        WriteByte(output, (byte)'"');
        WriteEscaped(output, value);
        WriteByte(output, (byte)'"');
    }

    /// <summary>
    /// Writes <c>"value"</c>, or <c>"-"</c> when the value is empty (Gorouter's <c>WriteDashOrStringValue</c>).
    /// </summary>
    public static void WriteOrDash(IBufferWriter<byte> output, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            output.Write("\"-\""u8);
        }
        else
        {
            Write(output, value);
        }
    }

    /// <summary>
    /// Writes the escaped form of <paramref name="value"/> without quotes. Escaping is per rune, so a quoted value
    /// may be written in pieces.
    /// </summary>
    public static void WriteEscaped(IBufferWriter<byte> output, ReadOnlySpan<char> value)
    {
        while (!value.IsEmpty)
        {
            var plain = value.IndexOfAnyExcept(Plain);
            if (plain < 0)
            {
                plain = value.Length;
            }

            if (plain > 0)
            {
                var span = output.GetSpan(plain);
                System.Text.Ascii.FromUtf16(value[..plain], span, out var written);
                output.Advance(written);
                value = value[plain..];
                continue;
            }

            var consumed = 1;
            if (Rune.DecodeFromUtf16(value, out var rune, out var length) == OperationStatus.Done)
            {
                consumed = length;
                WriteRune(output, rune);
            }
            else
            {
                WriteHexEscape(output, (byte)'u', 0xFFFD, 4);
            }

            value = value[consumed..];
        }
    }

    /// <summary>Go's <c>unicode.IsPrint</c> for one rune.</summary>
    public static bool IsPrint(Rune rune)
    {
        if (rune.Value < 0x80)
        {
            return rune.Value is >= 0x20 and < 0x7F;
        }

        var category = Rune.GetUnicodeCategory(rune);
        return category <= UnicodeCategory.OtherNumber ||
            category is >= UnicodeCategory.ConnectorPunctuation and <= UnicodeCategory.OtherSymbol;
    }

    private static void WriteRune(IBufferWriter<byte> output, Rune rune)
    {
        var value = rune.Value;
        if (value is '"' or '\\')
        {
            var span = output.GetSpan(2);
            span[0] = (byte)'\\';
            span[1] = (byte)value;
            output.Advance(2);
            return;
        }

        if (IsPrint(rune))
        {
            var span = output.GetSpan(4);
            output.Advance(rune.EncodeToUtf8(span));
            return;
        }

        byte shortEscape = value switch
        {
            0x07 => (byte)'a',
            0x08 => (byte)'b',
            0x0C => (byte)'f',
            0x0A => (byte)'n',
            0x0D => (byte)'r',
            0x09 => (byte)'t',
            0x0B => (byte)'v',
            _ => 0,
        };

        if (shortEscape != 0)
        {
            var span = output.GetSpan(2);
            span[0] = (byte)'\\';
            span[1] = shortEscape;
            output.Advance(2);
        }
        else if (value < 0x20 || value == 0x7F)
        {
            WriteHexEscape(output, (byte)'x', value, 2);
        }
        else if (value < 0x10000)
        {
            WriteHexEscape(output, (byte)'u', value, 4);
        }
        else
        {
            WriteHexEscape(output, (byte)'U', value, 8);
        }
    }

    private static void WriteHexEscape(IBufferWriter<byte> output, byte kind, int value, int digits)
    {
        var span = output.GetSpan(digits + 2);
        span[0] = (byte)'\\';
        span[1] = kind;
        for (var i = digits - 1; i >= 0; i--)
        {
            span[2 + i] = LowerHex[value & 0xF];
            value >>= 4;
        }

        output.Advance(digits + 2);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
