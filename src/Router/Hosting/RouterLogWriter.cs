using Microsoft.Extensions.Logging;

namespace Router.Hosting;

/// <summary>
/// Writes the router's log lines to standard output from one background thread, so a thread that logs (the one
/// applying NATS registrations, say) never makes a system call or waits for the reader of the pipe.
/// </summary>
/// <remarks>
/// <para>
/// Callers copy a finished line into a shared 64 KiB block under a short lock; the writer takes every queued block
/// at once, writes them and flushes. The queue holds at most <c>maxQueuedBytes</c> of lines not yet written; a line
/// that does not fit is dropped and counted, never waited for, and the writer reports the count in a
/// <c>log-lines-dropped</c> line after the batch it was writing.
/// </para>
/// <para>
/// Timing: an idle writer is woken by the next line and writes it at once. After a batch it looks again for up to
/// 1 ms without being woken, then goes idle. Waking a thread costs the logging thread a system call; during a burst
/// (registering 100,000 routes logs 200,000 lines) that lingering saves one per line or few lines, at the cost of at
/// most 1 ms before a line of the burst is written.
/// </para>
/// <para>
/// Writes are cut at line ends into chunks of at most 4 KiB (PIPE_BUF), which a pipe takes atomically: the access log
/// may share standard output (<c>access_log.stdout</c>) and writes the same way, so lines of the two never
/// interleave mid-line.
/// </para>
/// </remarks>
internal sealed partial class RouterLogWriter : IDisposable
{
    /// <summary>Lines not yet written may hold this much memory; more are dropped.</summary>
    internal const long DefaultMaxQueuedBytes = 64L * 1024 * 1024;

    /// <summary>Size of the blocks lines are copied into; a longer line gets a block of its own.</summary>
    internal const int BlockBytes = 64 * 1024;

    /// <summary>Pipes write up to PIPE_BUF bytes atomically (POSIX guarantees 512; Linux and macOS give 4096).</summary>
    internal const int PipeAtomicBytes = 4096;

    /// <summary>Empty blocks kept for reuse after a burst; the rest are left to the garbage collector.</summary>
    private const int RetainedBlocks = 16;

    /// <summary>How long disposal waits for queued lines to reach a reader that has stopped reading.</summary>
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the writer keeps looking for lines after a batch before it waits to be woken.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(1);

    private readonly object _gate = new();
    private readonly Queue<ArraySegment<byte>> _ready = new();
    private readonly Stack<byte[]> _free = new();
    private readonly Stream _output;
    private readonly bool _ownsOutput;
    private readonly long _maxQueuedBytes;
    private readonly RouterConsoleFormatter _formatter;
    private readonly NoticeLogger _notices;
    private readonly Thread _thread;
    private byte[] _current = new byte[BlockBytes];
    private int _currentLength;
    private long _queuedBytes;
    private long _unreportedDrops;
    private long _droppedLines;
    private long _failedWrites;
    private bool _writerWaiting;
    private bool _closing;
    private bool _disposed;

    /// <param name="output">Where lines go; written by the writer thread only.</param>
    /// <param name="ownsOutput">Dispose <paramref name="output"/> when this writer is disposed.</param>
    /// <param name="formatter">Formats the writer's own <c>log-lines-dropped</c> line.</param>
    /// <param name="maxQueuedBytes">Bytes of lines that may wait to be written; at least one block.</param>
    public RouterLogWriter(Stream output, bool ownsOutput, RouterConsoleFormatter formatter, long maxQueuedBytes = DefaultMaxQueuedBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedBytes, 1);
        _output = output;
        _ownsOutput = ownsOutput;
        _formatter = formatter;
        _maxQueuedBytes = maxQueuedBytes;
        _notices = new NoticeLogger(this);

        // A thread of its own rather than the thread pool: writes block while the reader of a pipe lags, and a
        // blocked pool thread would slow the proxy.
        _thread = new Thread(Run) { IsBackground = true, Name = "Router log writer" };
        _thread.Start();
    }

    /// <summary>Lines dropped because the queue was full or the writer had been disposed.</summary>
    public long DroppedLines => Interlocked.Read(ref _droppedLines);

    /// <summary>Writes to the output that threw; the lines of those blocks are lost.</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    /// <summary>Queues one complete line (ending in <c>\n</c>). Returns false when it was dropped. Never blocks on output.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> line)
    {
        lock (_gate)
        {
            if (_closing)
            {
                Interlocked.Increment(ref _droppedLines);
                return false;
            }

            if (_queuedBytes + line.Length > _maxQueuedBytes)
            {
                Interlocked.Increment(ref _droppedLines);
                _unreportedDrops++;
                return false;
            }

            _queuedBytes += line.Length;
            if (line.Length > _current.Length - _currentLength)
            {
                if (_currentLength > 0)
                {
                    _ready.Enqueue(new ArraySegment<byte>(_current, 0, _currentLength));
                    _current = TakeFreeBlock();
                    _currentLength = 0;
                }

                if (line.Length > _current.Length)
                {
                    _ready.Enqueue(line.ToArray());
                    WakeWriter();
                    return true;
                }
            }

            line.CopyTo(_current.AsSpan(_currentLength));
            _currentLength += line.Length;
            WakeWriter();
            return true;
        }
    }

    /// <summary>Writes and flushes everything queued, then closes the output if this writer owns it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _closing = true;
            _writerWaiting = false;
            Monitor.Pulse(_gate);
        }

        // A reader that stopped reading must not hold up shutdown; the thread is a background one and ends with
        // the process. The output stays open then, since the writer may still be inside a write.
        if (_thread.Join(DisposeTimeout) && _ownsOutput)
        {
            try
            {
                _output.Dispose();
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failedWrites);
            }
        }
    }

    private void WakeWriter()
    {
        if (_writerWaiting)
        {
            _writerWaiting = false;
            Monitor.Pulse(_gate);
        }
    }

    private byte[] TakeFreeBlock() => _free.Count > 0 ? _free.Pop() : new byte[BlockBytes];

    private void Run()
    {
        var batch = new List<ArraySegment<byte>>();
        var lingering = false;
        while (true)
        {
            long drops;
            lock (_gate)
            {
                while (_ready.Count == 0 && _currentLength == 0 && _unreportedDrops == 0)
                {
                    if (_closing)
                    {
                        return;
                    }

                    if (lingering)
                    {
                        // Producers do not wake a lingering writer; Dispose does.
                        lingering = false;
                        Monitor.Wait(_gate, Linger);
                        continue;
                    }

                    _writerWaiting = true;
                    Monitor.Wait(_gate);
                }

                while (_ready.Count > 0)
                {
                    batch.Add(_ready.Dequeue());
                }

                if (_currentLength > 0)
                {
                    batch.Add(new ArraySegment<byte>(_current, 0, _currentLength));
                    _current = TakeFreeBlock();
                    _currentLength = 0;
                }

                drops = _unreportedDrops;
                _unreportedDrops = 0;
            }

            foreach (var block in batch)
            {
                Write(block);
                lock (_gate)
                {
                    // The budget counts lines until they are written, so memory stays bounded while a write blocks.
                    _queuedBytes -= block.Count;
                    if (block.Array!.Length == BlockBytes && _free.Count < RetainedBlocks)
                    {
                        _free.Push(block.Array);
                    }
                }
            }

            batch.Clear();
            if (drops > 0)
            {
                LogLinesDropped(_notices, drops, DroppedLines);
            }

            try
            {
                _output.Flush();
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failedWrites);
            }

            lingering = true;
        }
    }

    /// <summary>Writes whole lines in chunks of at most <see cref="PipeAtomicBytes"/>; a longer line goes in one write.</summary>
    private void Write(ReadOnlySpan<byte> lines)
    {
        try
        {
            while (!lines.IsEmpty)
            {
                var length = lines.Length;
                if (length > PipeAtomicBytes)
                {
                    var lastEnd = lines[..PipeAtomicBytes].LastIndexOf((byte)'\n');
                    length = lastEnd >= 0 ? lastEnd + 1 : lines.IndexOf((byte)'\n') + 1;
                    if (length == 0)
                    {
                        length = lines.Length;
                    }
                }

                _output.Write(lines[..length]);
                lines = lines[length..];
            }
        }
        catch (Exception)
        {
            // Standard output is gone or full (a closed pipe, a full disk): the log has nowhere to report this, and
            // the process must keep serving. .NET ignores SIGPIPE, so a closed pipe surfaces here, if at all.
            Interlocked.Increment(ref _failedWrites);
        }
    }
}
