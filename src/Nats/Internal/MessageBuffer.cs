using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Threading.Channels;

namespace Nats.Internal;

/// <summary>
/// A subscription's pending messages, handed out as <see cref="NatsSubscription.Msgs"/>. A received message is copied,
/// subject, reply subject and payload together, into a <see cref="MessageBlock"/> outside the managed heap, and
/// becomes a <see cref="NatsMessage"/> (with its own copy of the payload) only when read. A burst that arrives faster
/// than it is read, such as a route emitter's 200,000 registrations, thus waits where the garbage collector neither
/// scans nor promotes it, and each block is given back as soon as it has been read, so the process does not keep the
/// burst's size once it has caught up. The message read is short-lived garbage, collected young.
/// </summary>
/// <remarks>
/// One writer, the connection's reader loop, appends without a lock: it fills the block, publishes the block's new
/// written length and then counts the message. Readers take messages under a lock, oldest first, and only after
/// seeing the count, so they never read a record the writer is still filling. A block is freed (or kept as the one
/// spare) only once readers have moved past it, which happens only after the writer has moved on to the next one.
/// The payload bytes of unread messages are counted against the subscription's limit the same way: reserved before
/// the write, given back by the read.
/// </remarks>
internal sealed class MessageBuffer : ChannelReader<NatsMessage>
{
    /// <summary>Capacity of a block; a larger message gets a block of its own size.</summary>
    public const int BlockSize = 256 * 1024;

    // Record header: subject, reply subject and payload lengths; records start on 4-byte boundaries.
    private const int HeaderSize = 12;

    private readonly long _bytesLimit;
    private readonly Lock _readLock = new();
    private readonly Lock _waitLock = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Writer side: the block being filled and how far.
    private MessageBlock? _tail;
    private int _tailOffset;

    // The writer's first block, handed to the reader side once.
    private MessageBlock? _first;

    // Reader side, under _readLock: the oldest block with unread records and where the next record starts.
    private MessageBlock? _head;
    private int _headOffset;
    private SubjectCache? _lastSubject;

    private MessageBlock? _spare;
    private TaskCompletionSource? _waiter;
    private int _count;
    private int _blocks;
    private long _pendingBytes;
    private volatile bool _completed;

    public MessageBuffer(long bytesLimit) => _bytesLimit = bytesLimit;

    /// <summary>Payload bytes written to the buffer and not yet read.</summary>
    public long PendingBytes => Volatile.Read(ref _pendingBytes);

    /// <summary>Blocks allocated and not yet freed, the spare included.</summary>
    public int AllocatedBlocks => Volatile.Read(ref _blocks);

    public override Task Completion => _completion.Task;

    public override bool CanCount => true;

    public override int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Adds <paramref name="size"/> to the pending bytes unless that would exceed the limit. A refusal only reads the
    /// counter, so dropping under overload stays cheap.
    /// </summary>
    public bool TryReserve(long size)
    {
        var current = Volatile.Read(ref _pendingBytes);
        while (true)
        {
            if (size > _bytesLimit - current)
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

    /// <summary>
    /// Appends one message whose payload bytes are already reserved. Called by the single writer only; the sequences
    /// are copied before it returns.
    /// </summary>
    public void Write(in ReadOnlySequence<byte> subject, in ReadOnlySequence<byte> replyTo, in ReadOnlySequence<byte> payload)
    {
        var subjectLength = checked((int)subject.Length);
        var replyLength = checked((int)replyTo.Length);
        var payloadLength = checked((int)payload.Length);
        var size = RecordSize(subjectLength, replyLength, payloadLength);

        var tail = _tail;
        if (tail is null || tail.Capacity - _tailOffset < size)
        {
            tail = NextBlock(tail, size);
        }

        var record = tail.Slice(_tailOffset, size);
        BinaryPrimitives.WriteInt32LittleEndian(record, subjectLength);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], replyLength);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], payloadLength);
        subject.CopyTo(record[HeaderSize..]);
        replyTo.CopyTo(record[(HeaderSize + subjectLength)..]);
        payload.CopyTo(record[(HeaderSize + subjectLength + replyLength)..]);
        _tailOffset += size;

        // Publish the bytes, then the message: a reader that sees the count sees the record.
        Volatile.Write(ref tail.Written, _tailOffset);
        Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _waiter) is not null)
        {
            WakeReaders();
        }
    }

    /// <summary>No more messages will be written; readers still get those already buffered.</summary>
    public void Complete()
    {
        _completed = true;
        WakeReaders();
        CompleteIfDrained();
    }

    public override bool CanPeek => true;

    public override bool TryRead([MaybeNullWhen(false)] out NatsMessage item)
    {
        if (!TryReadOldest(consume: true, out item))
        {
            return false;
        }

        CompleteIfDrained();
        return true;
    }

    public override bool TryPeek([MaybeNullWhen(false)] out NatsMessage item) => TryReadOldest(consume: false, out item);

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _count) > 0)
        {
            return new ValueTask<bool>(true);
        }

        if (_completed)
        {
            return new ValueTask<bool>(false);
        }

        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<bool>(cancellationToken)
            : WaitAsync(cancellationToken);
    }

    public override async ValueTask<NatsMessage> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryRead(out var message))
            {
                return message;
            }

            if (!await WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new ChannelClosedException();
            }
        }
    }

    private bool TryReadOldest(bool consume, out NatsMessage item)
    {
        lock (_readLock)
        {
            if (Volatile.Read(ref _count) == 0)
            {
                item = default;
                return false;
            }

            var head = _head;
            if (head is null)
            {
                head = Volatile.Read(ref _first)!;
                _first = null;
            }

            if (_headOffset == Volatile.Read(ref head.Written))
            {
                // Everything in this block has been read and the next record is counted, so the writer has moved on.
                var next = Volatile.Read(ref head.Next)!;
                Recycle(head);
                head = next;
                _headOffset = 0;
            }

            _head = head;
            var header = head.Slice(_headOffset, HeaderSize);
            var subjectLength = BinaryPrimitives.ReadInt32LittleEndian(header);
            var replyLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            var record = head.Slice(_headOffset + HeaderSize, subjectLength + replyLength + payloadLength);
            item = new NatsMessage(
                SubjectString(record[..subjectLength]),
                replyLength == 0 ? null : Encoding.UTF8.GetString(record.Slice(subjectLength, replyLength)),
                record[(subjectLength + replyLength)..].ToArray());
            if (consume)
            {
                _headOffset += RecordSize(subjectLength, replyLength, payloadLength);
                Interlocked.Decrement(ref _count);
                Release(payloadLength);
            }

            return true;
        }
    }

    private async ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_waitLock)
            {
                signal = (_waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            // The writer counts and then looks for a waiter; a reader registers and then looks at the count. The
            // fence keeps either side from missing the other.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _count) > 0)
            {
                return true;
            }

            if (_completed)
            {
                return false;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static int RecordSize(int subjectLength, int replyLength, int payloadLength) =>
        (HeaderSize + subjectLength + replyLength + payloadLength + 3) & ~3;

    private void WakeReaders()
    {
        TaskCompletionSource? waiter;
        lock (_waitLock)
        {
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    private void CompleteIfDrained()
    {
        if (_completed && Volatile.Read(ref _count) == 0)
        {
            _completion.TrySetResult();
        }
    }

    // Writer side: the block after a full one (or the first), preferably the spare one a reader left.
    private MessageBlock NextBlock(MessageBlock? full, int size)
    {
        MessageBlock? block = null;
        if (size <= BlockSize)
        {
            block = Interlocked.Exchange(ref _spare, null);
            block?.Reset();
        }

        if (block is null)
        {
            block = new MessageBlock(Math.Max(size, BlockSize));
            Interlocked.Increment(ref _blocks);
        }

        if (full is null)
        {
            Volatile.Write(ref _first, block);
        }
        else
        {
            Volatile.Write(ref full.Next, block);
        }

        _tailOffset = 0;
        _tail = block;
        return block;
    }

    // Reader side: a block read to its end. One regular block is kept for the writer; the others are freed.
    private void Recycle(MessageBlock block)
    {
        if (block.Capacity != BlockSize || Interlocked.CompareExchange(ref _spare, block, null) is not null)
        {
            block.Dispose();
            Interlocked.Decrement(ref _blocks);
        }
    }

    private string SubjectString(ReadOnlySpan<byte> subject)
    {
        // Wildcard subscriptions mostly see a few subjects over and over (router.register).
        if (_lastSubject is { } cached && subject.SequenceEqual(cached.Bytes))
        {
            return cached.Value;
        }

        var value = Encoding.UTF8.GetString(subject);
        _lastSubject = new SubjectCache(subject.ToArray(), value);
        return value;
    }

    private sealed record SubjectCache(byte[] Bytes, string Value);
}
