using System.Buffers;
using System.Text;
using NATS.Client.Core;
using RouteRegistry.Messages;

namespace Router.Registration;

/// <summary>
/// Decodes <c>router.register</c> and <c>router.unregister</c> bodies on the client's socket reader, straight from
/// the received bytes (<see cref="RegistrationMessageParser"/>), so the subscription channel holds decoded
/// registrations and no copy of the payload. Bodies of other subjects are not read. Never throws: a body that does
/// not decode becomes a <see cref="BusMessage.Rejected"/> value that the subscriber logs and counts.
/// </summary>
internal sealed class BusMessageDeserializer : INatsDeserializeWithContext<BusMessage>
{
    /// <summary>Bytes of a rejected body shown in the log line.</summary>
    internal const int LoggedPayloadLimit = 512;

    public static readonly BusMessageDeserializer Instance = new();

    public BusMessage Deserialize(in ReadOnlySequence<byte> buffer, in NatsMsgContext context) =>
        context.Subject is NatsSubjects.Register or NatsSubjects.Unregister ? Decode(buffer) : BusMessage.Unread;

    /// <summary>Without a subject the body is read as a registration.</summary>
    public BusMessage Deserialize(in ReadOnlySequence<byte> buffer) => Decode(buffer);

    private static BusMessage Decode(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return Decode(buffer.FirstSpan);
        }

        // A body split across two socket reads: joined in a pooled buffer, the only copy made, and only then.
        var length = checked((int)buffer.Length);
        var joined = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.CopyTo(joined);
            return Decode(joined.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    private static BusMessage Decode(ReadOnlySpan<byte> body)
    {
        if (RegistrationMessageParser.TryParse(body, out var registration, out var error))
        {
            return BusMessage.Decoded(registration);
        }

        return BusMessage.Rejected(error, Encoding.UTF8.GetString(body[..Math.Min(body.Length, LoggedPayloadLimit)]));
    }
}
