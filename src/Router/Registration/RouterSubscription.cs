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
internal sealed class RouterSubscription : NatsSubBase
{
    private readonly PendingPayloads _pending;
    private readonly string _register;
    private readonly string _unregister;
    private readonly string _greet;

    /// <param name="connection">The router's connection.</param>
    /// <param name="pending">Where received messages wait until they are applied.</param>
    /// <param name="prefix"><see cref="NatsSubjects.Prefix"/>, or the private prefix of the start-up warm-up (<c>nats.warm_up</c>, <c>MessageBusSubscriber.WarmUp.cs</c>).</param>
    public RouterSubscription(INatsConnection connection, PendingPayloads pending, string prefix = NatsSubjects.Prefix)
        : base(connection, connection.SubscriptionManager, prefix + "*", queueGroup: null, opts: null)
    {
        _pending = pending;
        _register = prefix + "register";
        _unregister = prefix + "unregister";
        _greet = prefix + "greet";
    }

    protected override ValueTask ReceiveInternalAsync(
        string subject, string? replyTo, ReadOnlySequence<byte>? headersBuffer, ReadOnlySequence<byte> payloadBuffer)
    {
        if (string.Equals(subject, _register, StringComparison.Ordinal))
        {
            _pending.TryWrite(BusMessageKind.Register, payloadBuffer);
        }
        else if (string.Equals(subject, _unregister, StringComparison.Ordinal))
        {
            _pending.TryWrite(BusMessageKind.Unregister, payloadBuffer);
        }
        else if (string.Equals(subject, _greet, StringComparison.Ordinal) && replyTo is { Length: > 0 })
        {
            _pending.TryWrite(BusMessageKind.Greet, replyTo);
        }

        return ValueTask.CompletedTask;
    }

    protected override void TryComplete() => _pending.Complete();
}
