using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Nats.Internal;

/// <summary>
/// The reader side of a subscription's buffer, handed out as <see cref="NatsSubscription.Msgs"/>. It keeps the count
/// of payload bytes waiting in the buffer: the delivering side reserves a message's bytes before writing it, and
/// every successful read gives them back, so the bytes limit frees up as the consumer catches up.
/// </summary>
/// <remarks>
/// Reserving before the write and releasing after the read keeps <see cref="PendingBytes"/> at or above the bytes
/// actually buffered, so the limit is never overshot. Both sides use interlocked operations on one long: no lock and
/// no allocation per message.
/// </remarks>
internal sealed class SubscriptionReader(ChannelReader<NatsMessage> inner, long bytesLimit) : ChannelReader<NatsMessage>
{
    private long _pendingBytes;

    /// <summary>Payload bytes written to the buffer and not yet read.</summary>
    public long PendingBytes => Volatile.Read(ref _pendingBytes);

    public override Task Completion => inner.Completion;

    public override bool CanCount => inner.CanCount;

    public override bool CanPeek => inner.CanPeek;

    public override int Count => inner.Count;

    /// <summary>
    /// Adds <paramref name="size"/> to the pending bytes unless that would exceed the limit. A refusal only reads the
    /// counter, so dropping under overload stays cheap.
    /// </summary>
    public bool TryReserve(long size)
    {
        var current = Volatile.Read(ref _pendingBytes);
        while (true)
        {
            if (size > bytesLimit - current)
            {
                return false;
            }

            // Readers only ever lower the counter, so a lost race is retried against the smaller value.
            var seen = Interlocked.CompareExchange(ref _pendingBytes, current + size, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    /// <summary>Gives back a reservation whose message was read or never written.</summary>
    public void Release(long size) => Interlocked.Add(ref _pendingBytes, -size);

    public override bool TryRead([MaybeNullWhen(false)] out NatsMessage item)
    {
        if (!inner.TryRead(out item))
        {
            return false;
        }

        Release(item.Data.Length);
        return true;
    }

    public override bool TryPeek([MaybeNullWhen(false)] out NatsMessage item) => inner.TryPeek(out item);

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
        inner.WaitToReadAsync(cancellationToken);

    // The channel's own ReadAsync waits more cheaply than the base class's WaitToReadAsync/TryRead loop.
    public override ValueTask<NatsMessage> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            var message = read.Result;
            Release(message.Data.Length);
            return new ValueTask<NatsMessage>(message);
        }

        return ReadWhenAvailableAsync(read);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<NatsMessage> ReadWhenAvailableAsync(ValueTask<NatsMessage> read)
    {
        var message = await read.ConfigureAwait(false);
        Release(message.Data.Length);
        return message;
    }
}
