using Microsoft.Extensions.Logging;

namespace Router.AccessLog;

/// <summary>Log events of the access log, with Gorouter's event names where it has one.</summary>
internal sealed partial class AccessLogWriter
{
    [LoggerMessage(EventId = 700, EventName = "error-creating-accesslog-file", Level = LogLevel.Error,
        Message = "Cannot open access log file {Path}")]
    private static partial void LogFileOpenFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 701, EventName = "error-emitting-access-log-to-writer-accesslog", Level = LogLevel.Error,
        Message = "Writing access log lines to {Destination} failed; the lines of this batch are lost")]
    private static partial void LogWriteFailed(ILogger logger, string destination, Exception exception);

    [LoggerMessage(EventId = 702, EventName = "access-log-records-dropped", Level = LogLevel.Warning,
        Message = "Dropped {Count} access log records because the writer fell behind ({Total} in total)")]
    private static partial void LogRecordsDropped(ILogger logger, long count, long total);
}
