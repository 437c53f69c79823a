using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Router.Configuration;
using Router.Proxying;

namespace Router.AccessLog;

/// <summary>
/// The access log (docs/gorouter-compatibility.md §8.4). The request path only captures an <see cref="AccessLogRecord"/> and queues it
/// in a bounded channel; when the channel is full the record is dropped and counted (<see cref="DroppedRecords"/>),
/// so a slow disk never holds up a request. One background task formats the records into a reused buffer and
/// writes them in batches to <c>access_log.file</c> and/or standard output (<c>access_log.stdout</c>).
/// </summary>
/// <remarks>
/// Life cycle: construct, <see cref="Start"/> (opens the file; throws if it cannot), serve, then
/// <see cref="DisposeAsync"/> after the last request has finished: it writes everything still queued and closes the
/// file. Records written after disposal are counted as dropped.
/// </remarks>
internal sealed partial class AccessLogWriter : IAccessLogSink, IAsyncDisposable
{
    /// <summary>Records that may wait for the writer; at a few hundred bytes each, a few MB at most.</summary>
    internal const int DefaultCapacity = 16 * 1024;

    /// <summary>A batch is written once this many bytes are formatted, or when the queue is empty.</summary>
    private const int BatchBytes = 64 * 1024;

    /// <summary>How long records gather before a batch is written; lines reach the log at most this late.</summary>
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Standard output may be a pipe shared with process logs; writes up to PIPE_BUF are not interleaved.</summary>
    private const int PipeAtomicBytes = 4096;

    /// <summary>Drops and write failures are logged at most this often.</summary>
    private const long ReportIntervalMilliseconds = 10_000;

    private readonly Channel<AccessLogRecord> _channel;
    private readonly ILogger _logger;
    private readonly string _filePath;
    private readonly bool _toStdout;
    private readonly bool _forceForwardedProtoHttps;
    private readonly bool _sanitizeForwardedProto;
    private readonly TimeSpan _rotationCheckInterval;
    private readonly AccessLogSyslogStream? _syslog;
    private AccessLogFile? _file;
    private Stream? _stdout;
    private PosixSignalRegistration? _hangup;
    private Task _loop = Task.CompletedTask;
    private long _dropped;
    private int _reopenRequested;
    private int _state;
    private long _lastFailureReport = -ReportIntervalMilliseconds;

    public AccessLogWriter(RouterOptions options, ILogger logger)
        : this(options, logger, DefaultCapacity, TimeSpan.FromSeconds(1))
    {
    }

    internal AccessLogWriter(RouterOptions options, ILogger logger, int capacity, TimeSpan rotationCheckInterval)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _logger = logger;
        Format = AccessLogFormatOptions.From(options);
        _filePath = options.AccessLog.File;
        _toStdout = options.AccessLog.Stdout;
        _forceForwardedProtoHttps = options.ForceForwardedProtoHttps;
        _sanitizeForwardedProto = options.SanitizeForwardedProto;
        _rotationCheckInterval = rotationCheckInterval;
        _syslog = options.AccessLog.EnableStreaming ? new AccessLogSyslogStream(options, logger) : null;
        _channel = Channel.CreateBounded<AccessLogRecord>(
            new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.DropWrite,
                AllowSynchronousContinuations = false,
            },
            OnDropped);
    }

    /// <summary>
    /// True when the configuration names a destination (<c>access_log.file</c>, <c>access_log.stdout</c> or
    /// <c>access_log.enable_streaming</c>).
    /// </summary>
    public static bool IsEnabled(RouterOptions options) =>
        options.AccessLog.File.Length > 0 || options.AccessLog.Stdout || options.AccessLog.EnableStreaming;

    public AccessLogFormatOptions Format { get; }

    /// <summary>Records lost because the queue was full or the writer had been disposed.</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped);

    /// <summary>The syslog stream's sender with <c>access_log.enable_streaming</c>, else null.</summary>
    public SyslogSender? Syslog => _syslog?.Sender;

    /// <summary>Opens the destinations and starts the background writer. Throws when the file cannot be opened.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The access log has already been started.");
        }

        if (_filePath.Length > 0)
        {
            try
            {
                _file = new AccessLogFile(_filePath, _rotationCheckInterval);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                LogFileOpenFailed(_logger, _filePath, ex);
                throw;
            }

            if (!OperatingSystem.IsWindows())
            {
                // logrotate's postrotate can send SIGHUP; the file is reopened before the next batch.
                _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
                {
                    context.Cancel = true;
                    Volatile.Write(ref _reopenRequested, 1);
                });
            }
        }

        if (_toStdout)
        {
            _stdout = Console.OpenStandardOutput();
        }

        _syslog?.Start();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Writes what is still queued, then closes the destinations. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        _channel.Writer.TryComplete();
#pragma warning disable VSTHRD003 // The loop was started by Start on the thread pool; no SynchronizationContext to deadlock on.
        await _loop;
#pragma warning restore VSTHRD003
        _hangup?.Dispose();
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }

        if (_stdout is not null)
        {
            await _stdout.DisposeAsync();
        }

        if (_syslog is not null)
        {
            await _syslog.DisposeAsync();
        }
    }

    private void OnDropped(AccessLogRecord record) => Interlocked.Increment(ref _dropped);

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var buffer = new ArrayBufferWriter<byte>(BatchBytes * 2);
        var reportedDrops = 0L;
        var lastDropReport = -ReportIntervalMilliseconds;
        while (await reader.WaitToReadAsync())
        {
            if (Volatile.Read(ref _state) != 2)
            {
                // Let records gather: one wake-up and one write then serve many requests, instead of a thread-pool
                // hop and a write system call per request on the proxy's core.
                await Task.Delay(BatchInterval);
            }

            try
            {
                while (reader.TryRead(out var record))
                {
                    var lineStart = buffer.WrittenCount;
                    AccessLogFormatter.Format(in record, Format, buffer);
                    _syslog?.Stream(in record, Format, buffer.WrittenSpan[lineStart..]);
                    buffer.Write("\n"u8);
                    if (buffer.WrittenCount >= BatchBytes)
                    {
                        await WriteBatchAsync(buffer);
                    }
                }

                await WriteBatchAsync(buffer);
            }
            catch (Exception ex)
            {
                // The loop must outlive a record it cannot format; the lines of that batch are lost.
                ReportWriteFailure("formatter", ex);
                buffer.ResetWrittenCount();
            }

            var dropped = DroppedRecords;
            if (dropped != reportedDrops && Environment.TickCount64 - lastDropReport >= ReportIntervalMilliseconds)
            {
                LogRecordsDropped(_logger, dropped - reportedDrops, dropped);
                reportedDrops = dropped;
                lastDropReport = Environment.TickCount64;
            }
        }
    }

    /// <summary>Writes the batch to each destination; a failing one (disk full, stdout closed) loses it alone.</summary>
    private async ValueTask WriteBatchAsync(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.WrittenCount == 0)
        {
            return;
        }

        if (_file is not null)
        {
            try
            {
                var reopen = Interlocked.Exchange(ref _reopenRequested, 0) == 1;
                await _file.WriteAsync(buffer.WrittenMemory, reopen);
            }
            catch (Exception ex)
            {
                ReportWriteFailure(_file.FilePath, ex);
            }
        }

        if (_stdout is not null)
        {
            try
            {
                await WriteLineAlignedAsync(_stdout, buffer.WrittenMemory);
            }
            catch (Exception ex)
            {
                ReportWriteFailure("stdout", ex);
            }
        }

        buffer.ResetWrittenCount();
    }

    private void ReportWriteFailure(string destination, Exception exception)
    {
        // A full disk fails every batch; one error per interval is enough to see it.
        if (Environment.TickCount64 - _lastFailureReport >= ReportIntervalMilliseconds)
        {
            LogWriteFailed(_logger, destination, exception);
            _lastFailureReport = Environment.TickCount64;
        }
    }

    /// <summary>Writes whole lines in chunks a pipe takes atomically, so they do not interleave with process logs.</summary>
    private static async ValueTask WriteLineAlignedAsync(Stream stream, ReadOnlyMemory<byte> lines)
    {
        while (!lines.IsEmpty)
        {
            var length = lines.Length;
            if (length > PipeAtomicBytes)
            {
                var lastNewline = lines.Span[..PipeAtomicBytes].LastIndexOf((byte)'\n');
                length = lastNewline >= 0 ? lastNewline + 1 : lines.Span.IndexOf((byte)'\n') + 1;
                if (length == 0)
                {
                    length = lines.Length;
                }
            }

            await stream.WriteAsync(lines[..length]);
            lines = lines[length..];
        }

        await stream.FlushAsync();
    }
}
