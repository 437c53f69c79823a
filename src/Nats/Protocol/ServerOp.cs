using System.Buffers;

namespace Nats.Protocol;

/// <summary>The kinds of protocol operations a NATS server sends.</summary>
internal enum ServerOpKind
{
    /// <summary><c>MSG</c>, or <c>HMSG</c> whose header block is skipped.</summary>
    Msg,
    Ping,
    Pong,
    Ok,
    Err,
    Info,
}

/// <summary>What <see cref="NatsProtocolParser.TryParse"/> found at the start of the buffer.</summary>
internal enum ParseStatus
{
    /// <summary>The buffer holds only part of an operation; read more and call again with the whole buffer.</summary>
    NeedMoreData,

    /// <summary>One operation was parsed and the buffer was advanced past it.</summary>
    Parsed,

    /// <summary>The bytes are not NATS protocol; the socket cannot be trusted any further.</summary>
    Invalid,
}

/// <summary>
/// One server operation. The sequences are slices of the parsed buffer and are valid only until the reader
/// advances past it: copy what must outlive it.
/// </summary>
internal readonly struct ServerOp
{
    public ServerOp(ServerOpKind kind, ReadOnlySequence<byte> argument)
    {
        Kind = kind;
        Argument = argument;
    }

    public ServerOp(ReadOnlySequence<byte> subject, long sid, ReadOnlySequence<byte> replyTo, ReadOnlySequence<byte> payload)
    {
        Kind = ServerOpKind.Msg;
        Subject = subject;
        Sid = sid;
        ReplyTo = replyTo;
        Payload = payload;
    }

    public ServerOpKind Kind { get; }

    /// <summary>MSG: the subject the message was published to.</summary>
    public ReadOnlySequence<byte> Subject { get; }

    /// <summary>MSG: the subscription id the client chose in SUB.</summary>
    public long Sid { get; }

    /// <summary>MSG: the reply subject; empty when there is none.</summary>
    public ReadOnlySequence<byte> ReplyTo { get; }

    /// <summary>MSG: the payload (for HMSG, without the header block).</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>INFO: the JSON document; -ERR: the error text as sent, usually in single quotes.</summary>
    public ReadOnlySequence<byte> Argument { get; }
}
