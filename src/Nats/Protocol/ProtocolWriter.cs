using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Nats.Protocol;

/// <summary>
/// Encodes client operations (https://docs.nats.io/reference/reference-protocols/nats-protocol) straight into a
/// buffer: no intermediate strings, numbers formatted in place.
/// </summary>
internal static class ProtocolWriter
{
    // Longest decimal rendering of an int plus a separator.
    private const int MaxNumberLength = 11;

    /// <summary><c>PUB subject [reply] size\r\npayload\r\n</c>.</summary>
    public static void WritePublish(IBufferWriter<byte> writer, string subject, string? replyTo, ReadOnlySpan<byte> payload)
    {
        var replyLength = replyTo is null ? 0 : Encoding.UTF8.GetMaxByteCount(replyTo.Length) + 1;
        var headLength = 4 + Encoding.UTF8.GetMaxByteCount(subject.Length) + replyLength + 1 + MaxNumberLength + 2;
        var span = writer.GetSpan(headLength + payload.Length + 2);
        "PUB "u8.CopyTo(span);
        var n = 4;
        n += Encoding.UTF8.GetBytes(subject, span[n..]);
        span[n++] = (byte)' ';
        if (replyTo is not null)
        {
            n += Encoding.UTF8.GetBytes(replyTo, span[n..]);
            span[n++] = (byte)' ';
        }

        n += FormatNumber(payload.Length, span[n..]);
        n += WriteCrLf(span[n..]);
        payload.CopyTo(span[n..]);
        n += payload.Length;
        n += WriteCrLf(span[n..]);
        writer.Advance(n);
    }

    /// <summary><c>SUB subject [queue] sid\r\n</c>.</summary>
    public static void WriteSubscribe(IBufferWriter<byte> writer, int sid, string subject, string? queueGroup)
    {
        var queueLength = queueGroup is null ? 0 : Encoding.UTF8.GetMaxByteCount(queueGroup.Length) + 1;
        var span = writer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(subject.Length) + 1 + queueLength + MaxNumberLength + 2);
        "SUB "u8.CopyTo(span);
        var n = 4;
        n += Encoding.UTF8.GetBytes(subject, span[n..]);
        span[n++] = (byte)' ';
        if (queueGroup is not null)
        {
            n += Encoding.UTF8.GetBytes(queueGroup, span[n..]);
            span[n++] = (byte)' ';
        }

        n += FormatNumber(sid, span[n..]);
        n += WriteCrLf(span[n..]);
        writer.Advance(n);
    }

    /// <summary><c>UNSUB sid\r\n</c>.</summary>
    public static void WriteUnsubscribe(IBufferWriter<byte> writer, int sid)
    {
        var span = writer.GetSpan(6 + MaxNumberLength + 2);
        "UNSUB "u8.CopyTo(span);
        var n = 6;
        n += FormatNumber(sid, span[n..]);
        n += WriteCrLf(span[n..]);
        writer.Advance(n);
    }

    /// <summary><c>CONNECT {json}\r\n</c>.</summary>
    public static void WriteConnect(IBufferWriter<byte> writer, ConnectCommand command)
    {
        writer.Write("CONNECT "u8);
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, command, ProtocolJsonContext.Default.ConnectCommand);
        }

        writer.Write("\r\n"u8);
    }

    public static void WritePing(IBufferWriter<byte> writer) => writer.Write("PING\r\n"u8);

    public static void WritePong(IBufferWriter<byte> writer) => writer.Write("PONG\r\n"u8);

    private static int FormatNumber(int value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    private static int WriteCrLf(Span<byte> destination)
    {
        destination[0] = (byte)'\r';
        destination[1] = (byte)'\n';
        return 2;
    }
}
