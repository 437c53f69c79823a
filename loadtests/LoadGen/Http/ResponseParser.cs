using System.Buffers.Text;
using System.Text;

namespace LoadGen.Http;

/// <summary>
/// Incremental HTTP/1.1 response framing: just enough to know the status code, where the response
/// ends (Content-Length, chunked, or close-delimited) and whether the server will close the
/// connection. Header values other than those three are skipped without being copied.
/// </summary>
internal sealed class ResponseParser
{
    // Only a line's first bytes are inspected; the rest of a long header line is skipped.
    private const int LineCapacity = 128;

    private readonly byte[] line = new byte[LineCapacity];
    private int lineLength;
    private State state = State.StatusLine;
    private long remaining;
    private long contentLength = -1;
    private bool chunked;

    private enum State
    {
        StatusLine,
        Headers,
        Body,
        UntilClose,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Complete,
    }

    /// <summary>Status code of the current response, 0 until the status line is read.</summary>
    public int StatusCode { get; private set; }

    /// <summary>The server announced <c>Connection: close</c> (or spoke HTTP/1.0).</summary>
    public bool ConnectionClose { get; private set; }

    /// <summary>The response body runs until the server closes the connection.</summary>
    public bool DelimitedByClose => state == State.UntilClose;

    /// <summary>Prepares for the next response on the same connection.</summary>
    public void Reset()
    {
        state = State.StatusLine;
        lineLength = 0;
        remaining = 0;
        contentLength = -1;
        chunked = false;
        StatusCode = 0;
        ConnectionClose = false;
    }

    /// <summary>
    /// Consumes bytes of the response. Returns the number consumed (less than the input only
    /// when the response completed early), or -1 when the bytes are not a valid response.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> data, out bool complete)
    {
        int consumed = 0;
        while (consumed < data.Length && state != State.Complete)
        {
            ReadOnlySpan<byte> rest = data[consumed..];
            int used = state switch
            {
                State.Body => ConsumeBody(rest),
                State.ChunkData => ConsumeBody(rest),
                State.UntilClose => rest.Length,
                _ => ConsumeLine(rest),
            };
            if (used < 0)
            {
                complete = false;
                return -1;
            }

            consumed += used;
        }

        complete = state == State.Complete;
        return consumed;
    }

    private int ConsumeBody(ReadOnlySpan<byte> rest)
    {
        int take = (int)Math.Min(remaining, rest.Length);
        remaining -= take;
        if (remaining == 0)
        {
            state = state == State.ChunkData ? State.ChunkDataEnd : State.Complete;
        }

        return take;
    }

    private int ConsumeLine(ReadOnlySpan<byte> rest)
    {
        int newline = rest.IndexOf((byte)'\n');
        ReadOnlySpan<byte> piece = newline < 0 ? rest : rest[..newline];
        int copy = Math.Min(piece.Length, LineCapacity - lineLength);
        piece[..copy].CopyTo(line.AsSpan(lineLength));
        lineLength += copy;
        if (newline < 0)
        {
            return rest.Length;
        }

        Span<byte> text = line.AsSpan(0, lineLength);
        if (text.Length > 0 && text[^1] == (byte)'\r')
        {
            text = text[..^1];
        }

        lineLength = 0;
        return OnLine(text) ? newline + 1 : -1;
    }

    private bool OnLine(Span<byte> text)
    {
        switch (state)
        {
            case State.StatusLine:
                return OnStatusLine(text);
            case State.Headers:
                return text.Length == 0 ? OnHeadersEnd() : OnHeader(text);
            case State.ChunkSize:
                return OnChunkSize(text);
            case State.ChunkDataEnd:
                state = State.ChunkSize;
                return text.Length == 0;
            case State.Trailers:
                if (text.Length == 0)
                {
                    state = State.Complete;
                }

                return true;
            default:
                return false;
        }
    }

    private bool OnStatusLine(ReadOnlySpan<byte> text)
    {
        // "HTTP/1.1 200 OK": version, space, three digits.
        if (text.Length < 12 || !text.StartsWith("HTTP/1."u8) || text[8] != (byte)' '
            || !Utf8Parser.TryParse(text.Slice(9, 3), out int status, out int digits) || digits != 3)
        {
            return false;
        }

        StatusCode = status;
        ConnectionClose = text[7] == (byte)'0';
        state = State.Headers;
        return true;
    }

    private bool OnHeader(Span<byte> text)
    {
        Ascii.ToLowerInPlace(text, out _);
        if (text.StartsWith("content-length:"u8))
        {
            ReadOnlySpan<byte> value = text["content-length:".Length..].Trim((byte)' ');
            if (!Utf8Parser.TryParse(value, out long length, out int used) || used != value.Length || length < 0)
            {
                return false;
            }

            contentLength = length;
        }
        else if (text.StartsWith("transfer-encoding:"u8))
        {
            chunked = text.IndexOf("chunked"u8) >= 0;
        }
        else if (text.StartsWith("connection:"u8))
        {
            if (text.IndexOf("close"u8) >= 0)
            {
                ConnectionClose = true;
            }
            else if (text.IndexOf("keep-alive"u8) >= 0)
            {
                ConnectionClose = false;
            }
        }

        return true;
    }

    private bool OnHeadersEnd()
    {
        if (StatusCode is >= 100 and < 200)
        {
            // Interim response (100 Continue): the final one follows on the same connection.
            state = State.StatusLine;
            return true;
        }

        if (StatusCode is 204 or 304)
        {
            state = State.Complete;
        }
        else if (chunked)
        {
            state = State.ChunkSize;
        }
        else if (contentLength >= 0)
        {
            remaining = contentLength;
            state = contentLength == 0 ? State.Complete : State.Body;
        }
        else
        {
            state = State.UntilClose;
        }

        return true;
    }

    private bool OnChunkSize(ReadOnlySpan<byte> text)
    {
        int extension = text.IndexOf((byte)';');
        ReadOnlySpan<byte> digits = (extension < 0 ? text : text[..extension]).Trim((byte)' ');
        if (!Utf8Parser.TryParse(digits, out long size, out int used, 'x') || used != digits.Length || used == 0)
        {
            return false;
        }

        if (size == 0)
        {
            state = State.Trailers;
        }
        else
        {
            remaining = size;
            state = State.ChunkData;
        }

        return true;
    }
}
