using System.Buffers;
using NATS.Client.Core;
using RouteMessages;

namespace Router.Registration;

/// <summary>
/// The router's <c>router.*</c> subscription on the NATS client, through the client's extension point for custom
/// subscriptions (<see cref="NatsSubBase"/>): on the client's socket reader, each <c>router.register</c>,
/// <c>router.unregister</c> and <c>router.greet</c> is copied as received into <see cref="PendingPayloads"/>, without
/// the client's per-message channel entry, so nothing of a message stays on the managed heap while it waits. Other
/// subjects (peers' <c>router.start</c>) are not kept. The client subscribes it again after every reconnect.
/// </summary>
internal sealed class RouterSubscription(INatsConnection connection, PendingPayloads pending)
    : NatsSubBase(connection, connection.SubscriptionManager, NatsSubjects.RouterWildcard, queueGroup: null, opts: null)
{
    protected override ValueTask ReceiveInternalAsync(
        string subject, string? replyTo, ReadOnlySequence<byte>? headersBuffer, ReadOnlySequence<byte> payloadBuffer)
    {
        switch (subject)
        {
            case NatsSubjects.Register:
                pending.TryWrite(BusMessageKind.Register, payloadBuffer);
                break;
            case NatsSubjects.Unregister:
                pending.TryWrite(BusMessageKind.Unregister, payloadBuffer);
                break;
            case NatsSubjects.Greet when replyTo is { Length: > 0 }:
                pending.TryWrite(BusMessageKind.Greet, replyTo);
                break;
        }

        return ValueTask.CompletedTask;
    }

    protected override void TryComplete() => pending.Complete();
}
