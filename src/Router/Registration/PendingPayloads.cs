using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Router.Registration;

/// <summary>
/// The <c>router.*</c> messages received and not yet applied, oldest first: each one's kind and body copied as
/// received into <see cref="PayloadBlock"/>s outside the managed heap. A burst that arrives faster than the route table
/// takes it (an emitter's first 200,000 registrations) waits as its raw bytes, about 300 per message, where the
/// garbage collector neither scans nor promotes it; each body is decoded only when it is applied, into objects that
/// die young. A block goes back to the system, or is kept as the one spare, as soon as the reader has left it.
/// </summary>
/// <remarks>
/// One writer, the NATS client's socket reader (<see cref="RouterSubscription"/>), and one reader, the subscriber's
/// loop. The writer fills a record, publishes the block's new length, then counts the message; the reader reads only
/// counted records, so never one being filled. The writer sets a full block's <see cref="PayloadBlock.Next"/> before
/// it counts anything in the next one. Limits as Gorouter sets them on its subscription (<c>mbus/subscriber.go</c>,
/// <c>SetPendingLimits</c>): a message count, and 1 KiB of bodies per message of it; a message over either is
/// dropped and counted.
/// </remarks>
internal sealed class PendingPayloads
{
    /// <summary>
    /// Messages held before newer ones are dropped: 512 Ki, nats.go's default pending-message limit. A first burst of
    /// 100,000 routes × 2 endpoints after a start fits with room to spare (loadtests/README.md).
    /// </summary>
    public const int DefaultMessageLimit = 512 * 1024;

    /// <summary>Capacity of a block; a larger record gets a block of its own size.</summary>
    public const int BlockSize = 256 * 1024;

    // Record: kind and body length, then the body, padded to a 4-byte boundary.
    private const int HeaderSize = 8;

    private readonly int _messageLimit;
    private readonly long _bytesLimit;
    private readonly Action _droppingStarted;

    // Writer side; the first block is handed to the reader once.
    private PayloadBlock? _tail;
    private PayloadBlock? _first;

    // Reader side: the oldest block with unread records, and where the next record starts.
    private PayloadBlock? _head;
    private int _headOffset;

    private PayloadBlock? _spare;
    private TaskCompletionSource? _waiter;
    private int _count;
    private long _pendingBytes;
    private long _dropped;
    private int _dropping;
    private volatile bool _completed;

    /// <param name="messageLimit">Messages held at most; bodies are held up to 1 KiB per message of it.</param>
    /// <param name="droppingStarted">Called on the writer when a drop starts an episode (the first since the reader last caught up).</param>
    public PendingPayloads(int messageLimit, Action droppingStarted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messageLimit, 1);
        _messageLimit = messageLimit;
        _bytesLimit = messageLimit * 1024L;
        _droppingStarted = droppingStarted;
    }

    /// <summary>Messages held (Gorouter's <c>buffered_messages</c>).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Bytes of the bodies held.</summary>
    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>Messages dropped because a limit was reached (Gorouter's <c>total_dropped_messages</c>).</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Appends a message with <paramref name="body"/>; false (counted) when a limit is reached. Writer only.</summary>
    public bool TryWrite(BusMessageKind kind, in ReadOnlySequence<byte> body)
    {
        var length = checked((int)body.Length);
        if (!TryReserve(length))
        {
            return false;
        }

        body.CopyTo(Append(kind, length));
        Commit(length);
        return true;
    }

    /// <summary>Appends a message whose body is <paramref name="text"/> in UTF-8 (a reply subject). Writer only.</summary>
    public bool TryWrite(BusMessageKind kind, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        if (!TryReserve(length))
        {
            return false;
        }

        Encoding.UTF8.GetBytes(text, Append(kind, length));
        Commit(length);
        return true;
    }

    /// <summary>The oldest message, left in place until <see cref="Advance"/>. Reader only.</summary>
    public bool TryPeek(out BusMessage message)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            message = default;
            return false;
        }

        var head = _head ??= Volatile.Read(ref _first)!;
        if (_headOffset == head.Written)
        {
            // Counted records lie beyond a block only once the writer has moved on from it.
            _head = head.Next!;
            _headOffset = 0;
            Recycle(head);
            head = _head;
        }

        var header = head.Slice(_headOffset, HeaderSize);
        var kind = (BusMessageKind)BinaryPrimitives.ReadInt32LittleEndian(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        message = new BusMessage(kind, head, _headOffset + HeaderSize, length);
        return true;
    }

    /// <summary>Moves past the message <see cref="TryPeek"/> returned; its body is not to be read after. Reader only.</summary>
    public void Advance(in BusMessage message)
    {
        _headOffset += RecordSize(message.Length);
        Interlocked.Add(ref _pendingBytes, -message.Length);
        if (Interlocked.Decrement(ref _count) == 0)
        {
            // Caught up: the next drop is a new episode.
            Volatile.Write(ref _dropping, 0);
        }
    }

    /// <summary>Waits until a message is held; false once completed and empty. Reader only.</summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Volatile.Read(ref _count) > 0)
            {
                return true;
            }

            if (_completed)
            {
                return false;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // A full fence before the count is read again: a writer that counted after our first look sees the waiter.
            Interlocked.Exchange(ref _waiter, waiter);
            if (Volatile.Read(ref _count) > 0 || _completed)
            {
                Interlocked.Exchange(ref _waiter, null);
                continue;
            }

            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No more messages will be written; the reader ends once it has read the held ones.</summary>
    public void Complete()
    {
        _completed = true;
        Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
    }

    private static int RecordSize(int length) => HeaderSize + ((length + 3) & ~3);

    private bool TryReserve(int length)
    {
        if (Volatile.Read(ref _count) < _messageLimit)
        {
            if (Interlocked.Add(ref _pendingBytes, length) <= _bytesLimit)
            {
                return true;
            }

            Interlocked.Add(ref _pendingBytes, -length);
        }

        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            _droppingStarted();
        }

        return false;
    }

    // Writes the record header in the tail block (moving to a new block when it does not fit) and returns the body's span.
    private Span<byte> Append(BusMessageKind kind, int length)
    {
        var size = RecordSize(length);
        var tail = _tail;
        if (tail is null || tail.Capacity - tail.Written < size)
        {
            tail = NextBlock(tail, size);
        }

        var record = tail.Slice(tail.Written, size);
        BinaryPrimitives.WriteInt32LittleEndian(record, (int)kind);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], length);
        return record.Slice(HeaderSize, length);
    }

    private void Commit(int length)
    {
        _tail!.Publish(RecordSize(length));
        Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _waiter) is not null)
        {
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
        }
    }

    private PayloadBlock NextBlock(PayloadBlock? full, int size)
    {
        var next = size <= BlockSize ? Interlocked.Exchange(ref _spare, null) : null;
        if (next is null)
        {
            next = new PayloadBlock(Math.Max(BlockSize, size));
        }
        else
        {
            next.Reset();
        }

        if (full is null)
        {
            Volatile.Write(ref _first, next);
        }
        else
        {
            full.Next = next;
        }

        Volatile.Write(ref _tail, next);
        return next;
    }

    private void Recycle(PayloadBlock block)
    {
        if (block.Capacity != BlockSize || Interlocked.CompareExchange(ref _spare, block, null) is not null)
        {
            block.Dispose();
        }
    }
}
