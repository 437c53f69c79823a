using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Router.Hosting;

/// <summary>The writer's own log event, written by the writer thread straight to the output, after the lines queued before it.</summary>
internal sealed partial class RouterLogWriter
{
    /// <summary>The category the writer's own lines carry.</summary>
    internal const string NoticeCategory = "Router.Hosting.RouterLogWriter";

    [LoggerMessage(EventId = 800, EventName = "log-lines-dropped", Level = LogLevel.Warning,
        Message = "Dropped {Count} log lines because standard output fell behind ({Total} in total)")]
    private static partial void LogLinesDropped(ILogger logger, long count, long total);

    /// <summary>
    /// Formats like every other line but bypasses the queue, which may be the thing that is full. Level filters do
    /// not apply: the line reports that lines which passed them were lost.
    /// </summary>
    private sealed class NoticeLogger(RouterLogWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var buffer = LogLineBuffer.Rent();
            try
            {
                var entry = new LogEntry<TState>(logLevel, NoticeCategory, eventId, state, exception, formatter);
                if (writer._formatter.Format(in entry, buffer))
                {
                    writer.Write(buffer.Bytes.WrittenSpan);
                }
            }
            finally
            {
                LogLineBuffer.Return(buffer);
            }
        }
    }
}
