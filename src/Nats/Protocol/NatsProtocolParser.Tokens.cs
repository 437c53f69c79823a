using System.Buffers;

namespace Nats.Protocol;

// Byte-level helpers of the parser: fields, numbers and operation names.
internal static partial class NatsProtocolParser
{
    private static int Tokenize(ReadOnlySpan<byte> text, Span<Range> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsBlank(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            var start = i;
            while (i < text.Length && !IsBlank(text[i]))
            {
                i++;
            }

            if (count == tokens.Length)
            {
                // More fields than any operation has: only INFO/-ERR free text gets here, and it needs just the
                // first and last token, so keep overwriting the last slot.
                tokens[^1] = new Range(tokens[^1].Start, i);
                continue;
            }

            tokens[count++] = new Range(start, i);
        }

        return count;
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> digits, long max, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 19)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            var d = digit - (byte)'0';
            if ((uint)d > 9 || d > max || value > (max - d) / 10)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    private static bool StartsWithKnownOp(ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[5];
        var available = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, available).CopyTo(head);
        head = head[..available];
        return IsPrefixOfOp(head, "MSG"u8) || IsPrefixOfOp(head, "HMSG"u8) || IsPrefixOfOp(head, "PING"u8)
            || IsPrefixOfOp(head, "PONG"u8) || IsPrefixOfOp(head, "+OK"u8) || IsPrefixOfOp(head, "-ERR"u8)
            || IsPrefixOfOp(head, "INFO"u8);
    }

    // True when the bytes seen so far could still become this operation followed by a separator or line end.
    private static bool IsPrefixOfOp(ReadOnlySpan<byte> head, ReadOnlySpan<byte> op)
    {
        var n = Math.Min(head.Length, op.Length);
        if (!OpIs(head[..n], op[..n]))
        {
            return false;
        }

        return head.Length <= op.Length || IsBlank(head[op.Length]) || head[op.Length] is (byte)'\r' or (byte)'\n';
    }

    // Operation names are upper-case letters, '+' and '-'; OR-ing 0x20 lower-cases letters and leaves those alone.
    private static bool OpIs(ReadOnlySpan<byte> token, ReadOnlySpan<byte> op)
    {
        if (token.Length != op.Length)
        {
            return false;
        }

        for (var i = 0; i < token.Length; i++)
        {
            if ((token[i] | 0x20) != (op[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';
}
