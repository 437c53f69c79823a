using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Router.Hosting;

/// <summary>
/// The router's console logger: lines in <see cref="RouterConsoleFormatter"/>'s format, formatted on the logging
/// thread into a reused buffer and handed to a <see cref="RouterLogWriter"/>, which writes them to standard output in
/// batches from its own thread. Logging never waits for output: when the writer falls behind by
/// <see cref="RouterLogWriter.DefaultMaxQueuedBytes"/>, lines are dropped and counted instead (the stock console
/// logger blocks the caller once 2,500 lines wait, which held up route registration at <c>info</c>).
/// </summary>
/// <remarks>
/// Level filters (<c>SetMinimumLevel</c>, <c>AddFilter</c>) are applied by the <see cref="ILoggerFactory"/> before a
/// line reaches this provider. Scopes are not supported: the format has no place for them. Disposing writes and
/// flushes everything queued.
/// </remarks>
internal sealed class RouterLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, RouterLogger> _loggers = new(StringComparer.Ordinal);
    private readonly RouterConsoleFormatter _formatter;
    private readonly RouterLogWriter _writer;

    /// <param name="options">Line format.</param>
    /// <param name="output">Where lines go (standard output in production).</param>
    /// <param name="ownsOutput">Dispose <paramref name="output"/> with this provider.</param>
    /// <param name="timeProvider">Clock of the timestamps; the system clock by default.</param>
    /// <param name="maxQueuedBytes">Bytes of lines that may wait for the writer before lines are dropped.</param>
    public RouterLoggerProvider(
        RouterConsoleFormatterOptions options,
        Stream output,
        bool ownsOutput,
        TimeProvider? timeProvider = null,
        long maxQueuedBytes = RouterLogWriter.DefaultMaxQueuedBytes)
    {
        _formatter = new RouterConsoleFormatter(options, timeProvider);
        _writer = new RouterLogWriter(output, ownsOutput, _formatter, maxQueuedBytes);
    }

    /// <summary>Lines dropped because the writer fell behind or had been disposed.</summary>
    public long DroppedLines => _writer.DroppedLines;

    /// <summary>Writes to the output that failed.</summary>
    public long FailedWrites => _writer.FailedWrites;

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, self) => new RouterLogger(name, self._formatter, self._writer), this);

    public void Dispose() => _writer.Dispose();

    private sealed class RouterLogger(string category, RouterConsoleFormatter lineFormatter, RouterLogWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.None)
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var buffer = LogLineBuffer.Rent();
            try
            {
                var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
                if (lineFormatter.Format(in entry, buffer))
                {
                    writer.TryEnqueue(buffer.Bytes.WrittenSpan);
                }
            }
            finally
            {
                LogLineBuffer.Return(buffer);
            }
        }
    }
}
