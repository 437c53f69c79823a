using System.Runtime.CompilerServices;
using Nats.Internal;
using Nats.Protocol;

namespace Nats;

public sealed partial class NatsConnection
{
    /// <summary>
    /// Subscribes to <paramref name="subject"/> (wildcards <c>*</c> and <c>&gt;</c> allowed), optionally as a member
    /// of <paramref name="queueGroup"/>. Messages published on this connection after this returns reach the
    /// subscription; for publishers on other connections, <see cref="FlushAsync"/> first. May be called before
    /// <see cref="ConnectAsync"/> or while reconnecting: the SUB is sent as soon as a server accepts the connection.
    /// </summary>
    /// <exception cref="NatsException">The connection is closed.</exception>
    public ValueTask<NatsSubscription> SubscribeCoreAsync(string subject, string? queueGroup = null, CancellationToken cancellationToken = default)
    {
        SubjectValidator.Validate(subject, nameof(subject));
        SubjectValidator.ValidateOptional(queueGroup, nameof(queueGroup));
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<NatsSubscription>(cancellationToken);
        }

        var subscription = new NatsSubscription(this, NextSid(), subject, queueGroup, _options.SubscriptionPendingLimit, _options.SubscriptionPendingBytesLimit);
        Register(subscription);
        return ValueTask.FromResult(subscription);
    }

    /// <summary>
    /// Subscribes and yields the messages until <paramref name="cancellationToken"/> is cancelled or the connection
    /// is closed; stopping the enumeration unsubscribes.
    /// </summary>
    public async IAsyncEnumerable<NatsMessage> SubscribeAsync(
        string subject,
        string? queueGroup = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var subscription = await SubscribeCoreAsync(subject, queueGroup, cancellationToken);
        await using (subscription)
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(cancellationToken))
            {
                yield return message;
            }
        }
    }

    internal void Unsubscribe(ISubscriptionTarget target)
    {
        lock (_stateLock)
        {
            if (_subscriptions.TryRemove(target.Sid, out _))
            {
                _session?.Outbound.TryWrite(target.Sid, static (writer, sid) => ProtocolWriter.WriteUnsubscribe(writer, sid));
            }
        }
    }

    /// <summary>Hands a MSG to its subscription; called on the reader loop for every message.</summary>
    internal void Deliver(in ServerOp op)
    {
        // A MSG for an unknown sid is normal: it was in flight when its subscription was disposed.
        if (op.Sid > int.MaxValue || !_subscriptions.TryGetValue((int)op.Sid, out var target))
        {
            return;
        }

        if (!target.Deliver(op.Subject, op.ReplyTo, op.Payload) && target is NatsSubscription { DroppedMessages: 1 } subscription)
        {
            LogSlowConsumer(
                _logger,
                subscription.Subject,
                subscription.PendingMessages,
                subscription.PendingBytes,
                _options.SubscriptionPendingLimit,
                _options.SubscriptionPendingBytesLimit);
        }
    }

    private void Register(ISubscriptionTarget target)
    {
        lock (_stateLock)
        {
            if (_state == NatsConnectionState.Closed)
            {
                NatsException.ThrowClosed();
            }

            _subscriptions[target.Sid] = target;
            if (_session is { } session)
            {
                WriteSubscribe(session, target);
            }
        }
    }

    private static void WriteSubscribe(NatsSession session, ISubscriptionTarget target) =>
        session.Outbound.TryWrite(target, static (writer, t) => ProtocolWriter.WriteSubscribe(writer, t.Sid, t.Subject, t.QueueGroup));

    private int NextSid() => Interlocked.Increment(ref _lastSid);
}
