using System.Buffers;

namespace Nats.Internal;

/// <summary>
/// Where the reader delivers the MSGs of one subscription id: a <see cref="NatsSubscription"/> buffers them for its
/// reader, the <see cref="RequestInbox"/> completes the waiting request.
/// </summary>
internal interface ISubscriptionTarget
{
    int Sid { get; }

    string Subject { get; }

    string? QueueGroup { get; }

    /// <summary>
    /// Called on the reader loop; the sequences are only valid during the call. Returns false when the message was
    /// dropped because the subscriber is behind.
    /// </summary>
    bool Deliver(in ReadOnlySequence<byte> subject, in ReadOnlySequence<byte> replyTo, in ReadOnlySequence<byte> payload);

    /// <summary>The connection closed: no more messages will come.</summary>
    void Complete();
}
