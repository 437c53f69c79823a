using System.Buffers;
using System.Threading.Channels;
using Nats.Internal;

namespace Nats;

/// <summary>
/// A subscription created by <see cref="NatsConnection.SubscribeCoreAsync"/>. Messages wait in a buffer bounded by
/// <see cref="NatsOptions.SubscriptionPendingLimit"/> messages and <see cref="NatsOptions.SubscriptionPendingBytesLimit"/>
/// payload bytes until read from <see cref="Msgs"/>; a newly arriving message that would exceed either limit is
/// dropped and counted (NATS "slow consumer"), so the oldest unread ones are kept. The subscription survives reconnects. Disposing it sends UNSUB and completes <see cref="Msgs"/>; closing the
/// connection completes it as well.
/// </summary>
public sealed class NatsSubscription : IAsyncDisposable, ISubscriptionTarget
{
    private readonly NatsConnection _connection;
    private readonly MessageBuffer _buffer;
    private readonly int _pendingLimit;
    private long _dropped;
    private int _disposed;
    private volatile bool _completed;

    internal NatsSubscription(NatsConnection connection, int sid, string subject, string? queueGroup, int pendingLimit, long pendingBytesLimit)
    {
        _connection = connection;
        Sid = sid;
        Subject = subject;
        QueueGroup = queueGroup;
        _pendingLimit = pendingLimit;
        _buffer = new MessageBuffer(pendingBytesLimit);
    }

    /// <summary>The subject (possibly with wildcards) this subscription was made for.</summary>
    public string Subject { get; }

    /// <summary>The queue group, or null when every subscriber gets every message.</summary>
    public string? QueueGroup { get; }

    /// <summary>
    /// The received messages, oldest first. Completes when the subscription or the connection is closed. Every read
    /// through it lowers <see cref="PendingMessages"/> and <see cref="PendingBytes"/>.
    /// </summary>
    public ChannelReader<NatsMessage> Msgs => _buffer;

    /// <summary>Messages received and not yet read (Gorouter's <c>buffered_messages</c>).</summary>
    public int PendingMessages => _buffer.Count;

    /// <summary>Payload bytes of the messages received and not yet read.</summary>
    public long PendingBytes => _buffer.PendingBytes;

    /// <summary>
    /// Messages dropped because the buffer held as many messages or payload bytes as allowed (Gorouter's
    /// <c>total_dropped_messages</c>).
    /// </summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    internal int Sid { get; }

    int ISubscriptionTarget.Sid => Sid;

    /// <summary>Sends UNSUB and completes <see cref="Msgs"/>; messages already buffered can still be read.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _completed = true;
            _connection.Unsubscribe(this);
            _buffer.Complete();
        }

        return ValueTask.CompletedTask;
    }

    bool ISubscriptionTarget.Deliver(in ReadOnlySequence<byte> subject, in ReadOnlySequence<byte> replyTo, in ReadOnlySequence<byte> payload)
    {
        // A message racing with DisposeAsync is not a drop: nobody is going to read it.
        if (_completed)
        {
            return true;
        }

        // Check and reserve the bytes before copying so that dropping under overload costs nothing. Like nats.go,
        // only the payload counts against the bytes limit.
        if (_buffer.Count >= _pendingLimit || !_buffer.TryReserve(payload.Length))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        _buffer.Write(subject, replyTo, payload);
        return true;
    }

    void ISubscriptionTarget.Complete()
    {
        _completed = true;
        _buffer.Complete();
    }
}
