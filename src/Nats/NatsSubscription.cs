using System.Buffers;
using System.Text;
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
    private readonly Channel<NatsMessage> _channel;
    private readonly SubscriptionReader _reader;
    private readonly int _pendingLimit;
    private long _dropped;
    private int _disposed;
    private volatile bool _completed;

    // Wildcard subscriptions mostly see a few subjects over and over (router.register); reusing the last string
    // saves an allocation per message. Replaced as a whole so a reader never sees a half-updated pair.
    private SubjectCache? _lastSubject;

    internal NatsSubscription(NatsConnection connection, int sid, string subject, string? queueGroup, int pendingLimit, long pendingBytesLimit)
    {
        _connection = connection;
        Sid = sid;
        Subject = subject;
        QueueGroup = queueGroup;
        _pendingLimit = pendingLimit;
        _channel = Channel.CreateBounded<NatsMessage>(new BoundedChannelOptions(pendingLimit)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _reader = new SubscriptionReader(_channel.Reader, pendingBytesLimit);
    }

    /// <summary>The subject (possibly with wildcards) this subscription was made for.</summary>
    public string Subject { get; }

    /// <summary>The queue group, or null when every subscriber gets every message.</summary>
    public string? QueueGroup { get; }

    /// <summary>
    /// The received messages, oldest first. Completes when the subscription or the connection is closed. Every read
    /// through it lowers <see cref="PendingMessages"/> and <see cref="PendingBytes"/>.
    /// </summary>
    public ChannelReader<NatsMessage> Msgs => _reader;

    /// <summary>Messages received and not yet read (Gorouter's <c>buffered_messages</c>).</summary>
    public int PendingMessages => _channel.Reader.Count;

    /// <summary>Payload bytes of the messages received and not yet read.</summary>
    public long PendingBytes => _reader.PendingBytes;

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
            _channel.Writer.TryComplete();
        }

        return ValueTask.CompletedTask;
    }

    bool ISubscriptionTarget.Deliver(in ReadOnlySequence<byte> subject, in ReadOnlySequence<byte> replyTo, in ReadOnlySequence<byte> payload)
    {
        // Check and reserve the bytes before copying so that dropping under overload costs no allocation. Like
        // nats.go, only the payload counts against the bytes limit.
        var size = payload.Length;
        if (_channel.Reader.Count >= _pendingLimit || !_reader.TryReserve(size))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        var message = new NatsMessage(
            SubjectString(subject),
            replyTo.IsEmpty ? null : Encoding.UTF8.GetString(replyTo),
            payload.ToArray());
        if (!_channel.Writer.TryWrite(message))
        {
            _reader.Release(size);

            // A message racing with DisposeAsync is not a drop: nobody is going to read it.
            if (_completed)
            {
                return true;
            }

            Interlocked.Increment(ref _dropped);
            return false;
        }

        return true;
    }

    void ISubscriptionTarget.Complete()
    {
        _completed = true;
        _channel.Writer.TryComplete();
    }

    private string SubjectString(in ReadOnlySequence<byte> subject)
    {
        if (!subject.IsSingleSegment)
        {
            return Encoding.UTF8.GetString(subject);
        }

        var bytes = subject.FirstSpan;
        if (_lastSubject is { } cached && bytes.SequenceEqual(cached.Bytes))
        {
            return cached.Value;
        }

        var value = Encoding.UTF8.GetString(bytes);
        _lastSubject = new SubjectCache(bytes.ToArray(), value);
        return value;
    }

    private sealed record SubjectCache(byte[] Bytes, string Value);
}
