using System.Buffers;

namespace Nats.Protocol;

/// <summary>
/// Parses the operations a NATS server sends (https://docs.nats.io/reference/reference-protocols/nats-protocol):
/// <c>INFO {json}</c>, <c>MSG subject sid [reply] size</c> + payload, <c>HMSG subject sid [reply] hdr-size size</c>
/// + headers + payload, <c>PING</c>, <c>PONG</c>, <c>+OK</c>, <c>-ERR 'text'</c>. Operation names are
/// case-insensitive, fields are separated by spaces or tabs, lines end in CRLF (a bare LF is tolerated).
/// A pure function over the buffer, so it can be tested without a socket.
/// </summary>
internal static partial class NatsProtocolParser
{
    /// <summary>Longest control line accepted; a longer one, or one never ended, is treated as garbage.</summary>
    public const int MaxControlLineLength = 64 * 1024;

    /// <summary>Largest payload accepted: nats-server refuses a <c>max_payload</c> above 64 MB.</summary>
    public const int MaxPayloadLength = 64 * 1024 * 1024;

    private const int MaxTokens = 6;

    /// <summary>
    /// Parses one operation at the start of <paramref name="buffer"/>. On <see cref="ParseStatus.Parsed"/> the
    /// buffer is advanced past it; otherwise the buffer is left as it was.
    /// </summary>
    public static ParseStatus TryParse(ref ReadOnlySequence<byte> buffer, out ServerOp op, out string? error)
    {
        op = default;
        error = null;
        if (buffer.IsEmpty)
        {
            return ParseStatus.NeedMoreData;
        }

        // Reject garbage as soon as its first bytes arrive instead of waiting for a line end that may never come.
        if (!StartsWithKnownOp(buffer))
        {
            error = "unknown protocol operation";
            return ParseStatus.Invalid;
        }

        var lineEnd = buffer.PositionOf((byte)'\n');
        if (lineEnd is null)
        {
            if (buffer.Length > MaxControlLineLength)
            {
                error = $"control line longer than {MaxControlLineLength} bytes";
                return ParseStatus.Invalid;
            }

            return ParseStatus.NeedMoreData;
        }

        var line = buffer.Slice(0, lineEnd.Value);
        if (line.Length > MaxControlLineLength)
        {
            error = $"control line longer than {MaxControlLineLength} bytes";
            return ParseStatus.Invalid;
        }

        var rest = buffer.Slice(buffer.GetPosition(1, lineEnd.Value));
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> text;
            if (line.IsSingleSegment)
            {
                text = line.FirstSpan;
            }
            else
            {
                // Only a line that straddles two reads lands here; copy it so it can be tokenised as one span.
                var length = (int)line.Length;
                rented = ArrayPool<byte>.Shared.Rent(length);
                line.CopyTo(rented);
                text = rented.AsSpan(0, length);
            }

            if (text.Length > 0 && text[^1] == (byte)'\r')
            {
                text = text[..^1];
            }

            return ParseLine(text, line, ref buffer, rest, out op, out error);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static ParseStatus ParseLine(
        ReadOnlySpan<byte> text,
        ReadOnlySequence<byte> line,
        ref ReadOnlySequence<byte> buffer,
        ReadOnlySequence<byte> rest,
        out ServerOp op,
        out string? error)
    {
        op = default;
        error = null;
        Span<Range> tokens = stackalloc Range[MaxTokens];
        var count = Tokenize(text, tokens);
        if (count == 0)
        {
            error = "empty control line";
            return ParseStatus.Invalid;
        }

        var name = text[tokens[0]];
        if (OpIs(name, "MSG"u8))
        {
            return ParseMessage(text, tokens[..count], headers: false, line, ref buffer, rest, out op, out error);
        }

        if (OpIs(name, "HMSG"u8))
        {
            return ParseMessage(text, tokens[..count], headers: true, line, ref buffer, rest, out op, out error);
        }

        ServerOpKind kind;
        if (OpIs(name, "PING"u8))
        {
            kind = ServerOpKind.Ping;
        }
        else if (OpIs(name, "PONG"u8))
        {
            kind = ServerOpKind.Pong;
        }
        else if (OpIs(name, "+OK"u8))
        {
            kind = ServerOpKind.Ok;
        }
        else if (OpIs(name, "-ERR"u8))
        {
            kind = ServerOpKind.Err;
        }
        else if (OpIs(name, "INFO"u8))
        {
            kind = ServerOpKind.Info;
        }
        else
        {
            error = "unknown protocol operation";
            return ParseStatus.Invalid;
        }

        // INFO and -ERR carry free text (JSON, a quoted message) that may itself contain spaces.
        var argument = ReadOnlySequence<byte>.Empty;
        if (count > 1)
        {
            var start = tokens[1].Start.GetOffset(text.Length);
            var end = tokens[count - 1].End.GetOffset(text.Length);
            argument = line.Slice(start, end - start);
        }

        if (kind == ServerOpKind.Info && argument.IsEmpty)
        {
            error = "INFO without a JSON document";
            return ParseStatus.Invalid;
        }

        op = new ServerOp(kind, argument);
        buffer = rest;
        return ParseStatus.Parsed;
    }

    private static ParseStatus ParseMessage(
        ReadOnlySpan<byte> text,
        ReadOnlySpan<Range> tokens,
        bool headers,
        ReadOnlySequence<byte> line,
        ref ReadOnlySequence<byte> buffer,
        ReadOnlySequence<byte> rest,
        out ServerOp op,
        out string? error)
    {
        op = default;
        error = null;

        // MSG subject sid [reply] size; HMSG subject sid [reply] header-size total-size.
        var fixedCount = headers ? 5 : 4;
        if (tokens.Length != fixedCount && tokens.Length != fixedCount + 1)
        {
            error = headers ? "HMSG with a wrong number of fields" : "MSG with a wrong number of fields";
            return ParseStatus.Invalid;
        }

        var hasReply = tokens.Length == fixedCount + 1;
        if (!TryParseNumber(text[tokens[2]], long.MaxValue, out var sid))
        {
            error = "MSG with an invalid subscription id";
            return ParseStatus.Invalid;
        }

        if (!TryParseNumber(text[tokens[^1]], MaxPayloadLength, out var total))
        {
            error = "MSG with an invalid payload size";
            return ParseStatus.Invalid;
        }

        long headerSize = 0;
        if (headers && (!TryParseNumber(text[tokens[^2]], total, out headerSize)))
        {
            error = "HMSG with an invalid header size";
            return ParseStatus.Invalid;
        }

        if (rest.Length < total + 2)
        {
            return ParseStatus.NeedMoreData;
        }

        var terminator = rest.Slice(total, 2);
        Span<byte> crlf = stackalloc byte[2];
        terminator.CopyTo(crlf);
        if (crlf[0] != (byte)'\r' || crlf[1] != (byte)'\n')
        {
            error = "message payload not followed by CRLF";
            return ParseStatus.Invalid;
        }

        op = new ServerOp(
            Slice(line, text, tokens[1]),
            sid,
            hasReply ? Slice(line, text, tokens[3]) : ReadOnlySequence<byte>.Empty,
            rest.Slice(headerSize, total - headerSize));
        buffer = rest.Slice(total + 2);
        return ParseStatus.Parsed;
    }

    private static ReadOnlySequence<byte> Slice(ReadOnlySequence<byte> line, ReadOnlySpan<byte> text, Range token)
    {
        var (offset, length) = token.GetOffsetAndLength(text.Length);
        return line.Slice(offset, length);
    }
}
