using Microsoft.Extensions.Logging;

namespace Router.AccessLog;

/// <summary>Log events of the syslog stream, with Gorouter's event name for a failed write.</summary>
internal sealed partial class SyslogSender
{
    [LoggerMessage(EventId = 710, EventName = "error-emitting-access-log-to-writer-syslog", Level = LogLevel.Warning,
        Message = "Cannot stream the access log to {Network} syslog at {Address}: {Reason}; lines are dropped and counted until it answers, retrying with backoff")]
    private static partial void LogStreamingFailed(ILogger logger, string network, string address, string reason, Exception exception);

    [LoggerMessage(EventId = 711, EventName = "syslog-tls-handshake-failed", Level = LogLevel.Warning,
        Message = "TLS handshake with the syslog server at {Address} failed: {Reason}; lines are dropped and counted until it succeeds, retrying with backoff")]
    private static partial void LogTlsFailed(ILogger logger, string address, string reason, Exception exception);

    [LoggerMessage(EventId = 712, EventName = "syslog-streaming-resumed", Level = LogLevel.Information,
        Message = "Streaming the access log to {Network} syslog at {Address} again, after {Failures} failed attempts")]
    private static partial void LogRecovered(ILogger logger, string network, string address, int failures);

    [LoggerMessage(EventId = 713, EventName = "syslog-messages-dropped", Level = LogLevel.Warning,
        Message = "Dropped {Count} access log lines meant for syslog at {Address} ({Total} in total): the server was slow or unreachable")]
    private static partial void LogDropped(ILogger logger, long count, long total, string address);
}
