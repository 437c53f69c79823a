using System.Buffers;
using System.Security.Authentication;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Router.AccessLog;

/// <summary>
/// Streams messages to the syslog server from a bounded queue of its own, so a slow or absent server costs lines,
/// never time: the access-log writer hands a message over and goes on (<see cref="TryEnqueue"/>); one background
/// task connects, frames and writes. When the queue is full (at most <see cref="DefaultCapacity"/> messages or
/// <see cref="DefaultMaxQueuedBytes"/> bytes), or a write fails, lines are dropped and counted
/// (<see cref="DroppedMessages"/>, logged at most every 10 s). A failed connection, handshake or write is logged
/// once until a write succeeds again, counted (<see cref="ConnectionFailures"/>), and retried with a backoff that
/// doubles from <see cref="SyslogSenderTimings.MinBackoff"/> to <see cref="SyslogSenderTimings.MaxBackoff"/>. A write
/// that does not finish within <see cref="SyslogSenderTimings.WriteTimeout"/> (a peer that stopped reading) counts as
/// a failure and the connection is replaced.
/// </summary>
internal sealed partial class SyslogSender : IAsyncDisposable
{
    internal const int DefaultCapacity = 8 * 1024;

    internal const long DefaultMaxQueuedBytes = 8 * 1024 * 1024;

    /// <summary>Stream writes gather messages up to this size.</summary>
    private const int BatchBytes = 64 * 1024;

    private const long ReportIntervalMilliseconds = 10_000;

    private readonly Channel<QueuedMessage> _channel;
    private readonly SyslogTarget _target;
    private readonly SyslogSenderTimings _timings;
    private readonly long _maxQueuedBytes;
    private readonly ILogger _logger;
    private readonly string _address;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private DatagramBatch? _datagrams;
    private long _queuedBytes;
    private long _dropped;
    private long _sent;
    private long _connectionFailures;
    private long _reportedDrops;
    private long _lastDropReport = -ReportIntervalMilliseconds;
    private bool _failing;
    private int _failuresSinceSuccess;

    public SyslogSender(SyslogTarget target, ILogger logger, SyslogSenderTimings? timings = null,
        int capacity = DefaultCapacity, long maxQueuedBytes = DefaultMaxQueuedBytes)
    {
        _target = target;
        _address = target.Address.ToString();
        _logger = logger;
        _timings = timings ?? new SyslogSenderTimings();
        _maxQueuedBytes = maxQueuedBytes;
        _channel = Channel.CreateBounded<QueuedMessage>(
            new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.DropWrite,
                AllowSynchronousContinuations = false,
            },
            Drop);
    }

    /// <summary>Messages that never reached the socket: queue full, write failed, or still queued at shutdown.</summary>
    public long DroppedMessages => Interlocked.Read(ref _dropped);

    /// <summary>Messages handed to the socket.</summary>
    public long SentMessages => Interlocked.Read(ref _sent);

    /// <summary>Bytes of the messages waiting in the queue.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Failed connects, TLS handshakes and writes.</summary>
    public long ConnectionFailures => Interlocked.Read(ref _connectionFailures);

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues a copy of <paramref name="message"/>; false (and counted) when it was dropped.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> message)
    {
        if (Interlocked.Read(ref _queuedBytes) + message.Length > _maxQueuedBytes)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(buffer);
        Interlocked.Add(ref _queuedBytes, message.Length);
        var queued = new QueuedMessage(buffer, message.Length);
        if (!_channel.Writer.TryWrite(queued))
        {
            // Only after the writer completed; a full queue drops through Drop.
            Drop(queued);
            return false;
        }

        return true;
    }

    /// <summary>Sends what is queued within <see cref="SyslogSenderTimings.ShutdownGrace"/>, drops the rest, closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_channel.Writer.TryComplete())
        {
            return;
        }

        _stop.CancelAfter(_timings.ShutdownGrace);
#pragma warning disable VSTHRD003 // Started by Start on the thread pool; no SynchronizationContext to deadlock on.
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
#pragma warning restore VSTHRD003
        while (_channel.Reader.TryRead(out var left))
        {
            Drop(left);
        }

        ReportDrops(force: true);
        _stop.Dispose();
        _target.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var frames = new ArrayBufferWriter<byte>(BatchBytes * 2);
        var backoff = _timings.MinBackoff;
        SyslogConnection? connection = null;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                connection ??= await ConnectAsync();
                var sent = connection is not null && await SendQueuedAsync(connection, reader, frames);
                if (sent)
                {
                    backoff = _timings.MinBackoff;
                    ReportDrops(force: false);
                    continue;
                }

                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }

                ReportDrops(force: false);
                await Task.Delay(backoff, _stop.Token);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _timings.MaxBackoff.Ticks));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down: what is still queued is dropped by DisposeAsync.
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task<SyslogConnection?> ConnectAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(_timings.ConnectTimeout);
        try
        {
            return await SyslogConnection.OpenAsync(_target, timeout.Token);
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            ReportFailure(ex, ex is AuthenticationException);
            return null;
        }
    }

    /// <summary>Sends everything queued; false after a failed write, whose messages are counted as dropped.</summary>
    private async Task<bool> SendQueuedAsync(SyslogConnection connection, ChannelReader<QueuedMessage> reader, ArrayBufferWriter<byte> frames)
    {
        if (connection.IsDatagram)
        {
            return SendQueuedDatagrams(connection, reader);
        }

        var inBatch = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            while (reader.TryRead(out var message))
            {
                SyslogFraming.WriteOctetCounted(frames, message.Buffer.AsSpan(0, message.Length));
                Release(message);
                inBatch++;
                if (frames.WrittenCount >= BatchBytes)
                {
                    await WriteBatchAsync(connection, frames, inBatch, timeout);
                    inBatch = 0;
                }
            }

            await WriteBatchAsync(connection, frames, inBatch, timeout);
            return true;
        }
        catch (Exception ex)
        {
            Interlocked.Add(ref _dropped, inBatch);
            frames.ResetWrittenCount();
            if (_stop.IsCancellationRequested)
            {
                throw;
            }

            ReportFailure(ex, tlsHandshake: false);
            return false;
        }
    }

    /// <summary>
    /// Sends everything queued as datagrams, many to a system call (<see cref="DatagramBatch"/>); false after a refused
    /// send, whose unsent messages are counted as dropped. A datagram is handed to the kernel at once (a UDP send never
    /// waits for the peer), so this needs neither the write timer nor the asynchronous machinery of a stream.
    /// </summary>
    private bool SendQueuedDatagrams(SyslogConnection connection, ChannelReader<QueuedMessage> reader)
    {
        var batch = _datagrams ??= new DatagramBatch();
        try
        {
            while (reader.TryRead(out var message))
            {
                try
                {
                    var datagram = message.Buffer.AsSpan(0, Math.Min(message.Length, SyslogWireFormat.MaxDatagramBytes));
                    if (!batch.TryAdd(datagram))
                    {
                        SendDatagrams(connection, batch);
                        batch.TryAdd(datagram);
                    }
                }
                catch
                {
                    Interlocked.Increment(ref _dropped);
                    throw;
                }
                finally
                {
                    Release(message);
                }
            }

            SendDatagrams(connection, batch);
            return true;
        }
        catch (Exception ex)
        {
            Interlocked.Add(ref _sent, batch.Sent);
            Interlocked.Add(ref _dropped, batch.Count - batch.Sent);
            batch.Clear();
            ReportFailure(ex, tlsHandshake: false);
            return false;
        }
    }

    private void SendDatagrams(SyslogConnection connection, DatagramBatch batch)
    {
        var count = batch.Count;
        if (count == 0)
        {
            return;
        }

        connection.SendDatagrams(batch);
        Interlocked.Add(ref _sent, count);

        // A refused datagram shows up as an error on a later send, so only an old connection proves much.
        MarkHealthyIfProven(connection);
    }

    private async ValueTask WriteBatchAsync(SyslogConnection connection, ArrayBufferWriter<byte> frames, int count, CancellationTokenSource timeout)
    {
        if (frames.WrittenCount == 0)
        {
            return;
        }

        timeout.CancelAfter(_timings.WriteTimeout);
        await connection.WriteAsync(frames.WrittenMemory, timeout.Token);
        frames.ResetWrittenCount();
        Interlocked.Add(ref _sent, count);
        MarkHealthyIfProven(connection);
    }

    /// <summary>Ends an outage once <paramref name="connection"/> has carried lines for <see cref="SyslogSenderTimings.HealthyAfter"/>.</summary>
    private void MarkHealthyIfProven(SyslogConnection connection)
    {
        if (!_failing || Environment.TickCount64 - connection.OpenedAt < (long)_timings.HealthyAfter.TotalMilliseconds)
        {
            return;
        }

        _failing = false;
        LogRecovered(_logger, _target.Network, _address, _failuresSinceSuccess);
        _failuresSinceSuccess = 0;
    }

    private void ReportFailure(Exception exception, bool tlsHandshake)
    {
        Interlocked.Increment(ref _connectionFailures);
        _failuresSinceSuccess++;
        if (_failing)
        {
            return;
        }

        // Once per outage: a server that stays away would otherwise log on every retry.
        _failing = true;
        var reason = exception is OperationCanceledException ? "timed out" : exception.Message;
        if (tlsHandshake)
        {
            LogTlsFailed(_logger, _address, reason, exception);
        }
        else
        {
            LogStreamingFailed(_logger, _target.Network, _address, reason, exception);
        }
    }

    private void ReportDrops(bool force)
    {
        var dropped = DroppedMessages;
        if (dropped == _reportedDrops || (!force && Environment.TickCount64 - _lastDropReport < ReportIntervalMilliseconds))
        {
            return;
        }

        LogDropped(_logger, dropped - _reportedDrops, dropped, _address);
        _reportedDrops = dropped;
        _lastDropReport = Environment.TickCount64;
    }

    private void Drop(QueuedMessage message)
    {
        Interlocked.Increment(ref _dropped);
        Release(message);
    }

    private void Release(QueuedMessage message)
    {
        Interlocked.Add(ref _queuedBytes, -message.Length);
        ArrayPool<byte>.Shared.Return(message.Buffer);
    }

    private readonly record struct QueuedMessage(byte[] Buffer, int Length);
}
