using System.Buffers;
using Nats.Protocol;

namespace Nats.Internal;

/// <summary>Outcome of putting a publish into an <see cref="OutboundBuffer"/>.</summary>
internal enum WriteResult
{
    Written,

    /// <summary>More than <see cref="OutboundBuffer.HighWaterMark"/> bytes wait for the socket; wait for space.</summary>
    Full,

    /// <summary>The socket is gone; the caller waits for the next connection.</summary>
    Closed,
}

/// <summary>
/// The bytes waiting for one socket. Any thread appends whole operations under a short lock (never held across an
/// await); a single writer loop swaps the filled buffer for an empty one and sends it in one write, so operations
/// issued while a write is in flight are batched into the next. PINGs and the PONG waiters are queued under the
/// same lock, so the n-th PONG from the server answers the n-th queued PING.
/// </summary>
internal sealed class OutboundBuffer
{
    /// <summary>Publishers wait once this many bytes are queued: memory stays bounded when the socket is slow.</summary>
    public const int HighWaterMark = 4 * 1024 * 1024;

    private const int InitialCapacity = 64 * 1024;

    // A buffer that grew past this (a burst, or a very large payload) is not kept for reuse.
    private const int MaxRetainedCapacity = 2 * HighWaterMark;

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource?> _pongWaiters = new();
    private ArrayBufferWriter<byte> _active = new(InitialCapacity);
    private ArrayBufferWriter<byte>? _spare = new(InitialCapacity);
    private TaskCompletionSource? _dataAvailable;
    private TaskCompletionSource? _spaceAvailable;
    private NatsException? _closedReason;

    public WriteResult TryWritePublish(string subject, string? replyTo, ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            if (_closedReason is not null)
            {
                return WriteResult.Closed;
            }

            if (_active.WrittenCount >= HighWaterMark)
            {
                return WriteResult.Full;
            }

            ProtocolWriter.WritePublish(_active, subject, replyTo, payload);
            SignalWriter();
        }

        return WriteResult.Written;
    }

    /// <summary>Completes when publishes fit again or the buffer is closed.</summary>
    public Task WaitForSpaceAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_closedReason is not null || _active.WrittenCount < HighWaterMark)
            {
                return Task.CompletedTask;
            }

            _spaceAvailable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _spaceAvailable.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Appends a control operation (CONNECT, SUB, UNSUB, PONG). These ignore the high-water mark: they are small and
    /// must keep their order relative to the subscription table.
    /// </summary>
    public bool TryWrite<TState>(TState state, Action<IBufferWriter<byte>, TState> write)
    {
        lock (_lock)
        {
            if (_closedReason is not null)
            {
                return false;
            }

            write(_active, state);
            SignalWriter();
            return true;
        }
    }

    /// <summary>Appends a PING; <paramref name="waiter"/> (if any) completes with its PONG or fails if the socket dies.</summary>
    public bool TryWritePing(TaskCompletionSource? waiter)
    {
        lock (_lock)
        {
            if (_closedReason is not null)
            {
                waiter?.TrySetException(_closedReason);
                return false;
            }

            ProtocolWriter.WritePing(_active);
            _pongWaiters.Enqueue(waiter);
            SignalWriter();
            return true;
        }
    }

    /// <summary>Matches a PONG from the server to the oldest outstanding PING.</summary>
    public void CompletePong()
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            if (!_pongWaiters.TryDequeue(out waiter))
            {
                return;
            }
        }

        waiter?.TrySetResult();
    }

    /// <summary>
    /// Waits for queued bytes and hands them to the writer loop, or returns null once the buffer is closed.
    /// Give the buffer back with <see cref="Return"/> after the socket write.
    /// </summary>
    public async ValueTask<ArrayBufferWriter<byte>?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_closedReason is not null)
                {
                    return null;
                }

                if (_active.WrittenCount > 0)
                {
                    var filled = _active;
                    _active = _spare ?? new ArrayBufferWriter<byte>(InitialCapacity);
                    _spare = null;
                    _spaceAvailable?.TrySetResult();
                    _spaceAvailable = null;
                    return filled;
                }

                _dataAvailable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _dataAvailable.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    public void Return(ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        if (buffer.Capacity > MaxRetainedCapacity)
        {
            return;
        }

        lock (_lock)
        {
            _spare = buffer;
        }
    }

    /// <summary>Stops accepting operations and fails every PING still waiting for its PONG.</summary>
    public void Close(NatsException reason)
    {
        TaskCompletionSource?[] waiters;
        lock (_lock)
        {
            if (_closedReason is not null)
            {
                return;
            }

            _closedReason = reason;
            waiters = [.. _pongWaiters];
            _pongWaiters.Clear();
            _dataAvailable?.TrySetResult();
            _spaceAvailable?.TrySetResult();
        }

        foreach (var waiter in waiters)
        {
            waiter?.TrySetException(reason);
        }
    }

    private void SignalWriter()
    {
        if (_dataAvailable is { } signal)
        {
            _dataAvailable = null;
            signal.TrySetResult();
        }
    }
}
