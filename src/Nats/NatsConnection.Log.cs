using Microsoft.Extensions.Logging;

namespace Nats;

// Event names are Gorouter's where it has one (main.go, mbus/subscriber.go), so operators' searches keep working.
public sealed partial class NatsConnection
{
    [LoggerMessage(EventId = 1, EventName = "nats-connection-connected", Level = LogLevel.Information,
        Message = "Connected to NATS server {Server}")]
    private static partial void LogConnected(ILogger logger, string server);

    [LoggerMessage(EventId = 2, EventName = "nats-connection-disconnected", Level = LogLevel.Warning,
        Message = "Lost the connection to NATS server {Server}: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 3, EventName = "nats-connection-still-disconnected", Level = LogLevel.Warning,
        Message = "Still disconnected from NATS; trying {Servers}")]
    private static partial void LogStillDisconnected(ILogger logger, string servers);

    [LoggerMessage(EventId = 4, EventName = "nats-connection-reconnected", Level = LogLevel.Information,
        Message = "Reconnected to NATS server {Server}; subscriptions restored")]
    private static partial void LogReconnected(ILogger logger, string server);

    [LoggerMessage(EventId = 5, EventName = "nats-connection-error", Level = LogLevel.Error,
        Message = "Could not connect to NATS in {Attempts} attempt(s) over {Servers}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, int attempts, string servers, string reason);

    [LoggerMessage(EventId = 6, EventName = "nats-server-error", Level = LogLevel.Error,
        Message = "NATS server {Server} reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string server, string error);

    [LoggerMessage(EventId = 7, EventName = "nats-connection-attempt-failed", Level = LogLevel.Debug,
        Message = "Connecting to NATS server {Server} failed: {Reason}")]
    private static partial void LogConnectAttemptFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 8, EventName = "nats-connection-closed", Level = LogLevel.Information,
        Message = "NATS connection closed")]
    private static partial void LogClosed(ILogger logger);

    [LoggerMessage(EventId = 9, EventName = "nats-slow-consumer", Level = LogLevel.Warning,
        Message = "Subscription {Subject} holds {PendingMessages} unread messages of {PendingBytes} payload bytes, at its limit of {Limit} messages or {BytesLimit} bytes; newer messages are being dropped")]
    private static partial void LogSlowConsumer(ILogger logger, string subject, int pendingMessages, long pendingBytes, int limit, long bytesLimit);

    [LoggerMessage(EventId = 10, EventName = "nats-event-handler-failed", Level = LogLevel.Error,
        Message = "A {Event} event handler threw")]
    private static partial void LogEventHandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(EventId = 12, EventName = "nats-session-cleanup-failed", Level = LogLevel.Warning,
        Message = "Releasing the dead connection to {Server} failed")]
    private static partial void LogSessionCleanupFailed(ILogger logger, string server, Exception exception);

    [LoggerMessage(EventId = 11, EventName = "nats-flush-on-close-failed", Level = LogLevel.Warning,
        Message = "Could not flush pending publishes before closing: {Reason}")]
    private static partial void LogFlushOnCloseFailed(ILogger logger, string reason);
}
