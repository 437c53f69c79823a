using Microsoft.Extensions.Logging;

namespace RouteEmitterClient;

public sealed partial class RouteEmitter
{
    // Event names follow route-registrar's and Gorouter's kebab-case log messages, so operators' searches work for both.
    [LoggerMessage(EventId = 1, EventName = "registering-route", Level = LogLevel.Information,
        Message = "Registering {Uris} -> {Address} ({Reason})")]
    private static partial void LogRegistering(ILogger logger, string uris, string address, RegistrationReason reason);

    [LoggerMessage(EventId = 2, EventName = "route-heartbeat", Level = LogLevel.Debug,
        Message = "Refreshed {Uris} -> {Address}")]
    private static partial void LogHeartbeat(ILogger logger, string uris, string address);

    [LoggerMessage(EventId = 3, EventName = "unregistering-route", Level = LogLevel.Information,
        Message = "Unregistering {Uris} -> {Address}")]
    private static partial void LogUnregistering(ILogger logger, string uris, string address);

    [LoggerMessage(EventId = 4, EventName = "register-interval-changed", Level = LogLevel.Information,
        Message = "Heartbeat interval is now {Interval} (from {Source})")]
    private static partial void LogIntervalChanged(ILogger logger, TimeSpan interval, string source);

    [LoggerMessage(EventId = 5, EventName = "router-greet-unanswered", Level = LogLevel.Information,
        Message = "No router answered router.greet within {Timeout}; heartbeating every {Interval} until one announces itself")]
    private static partial void LogGreetUnanswered(ILogger logger, TimeSpan timeout, TimeSpan interval);

    [LoggerMessage(EventId = 6, EventName = "router-start-received", Level = LogLevel.Debug,
        Message = "Router {RouterId} started, asking for registrations every {IntervalSeconds} s")]
    private static partial void LogRouterStartReceived(ILogger logger, string routerId, int intervalSeconds);

    [LoggerMessage(EventId = 7, EventName = "validation-error", Level = LogLevel.Warning,
        Message = "Ignored a message on {Subject} that is not a router start message: {Payload}")]
    private static partial void LogInvalidStartMessage(ILogger logger, string subject, string payload);

    [LoggerMessage(EventId = 8, EventName = "router-start-without-interval", Level = LogLevel.Warning,
        Message = "Router {RouterId} stated no register interval on {Source}; keeping the current one")]
    private static partial void LogNoIntervalInStart(ILogger logger, string source, string routerId);

    [LoggerMessage(EventId = 9, EventName = "register-failed", Level = LogLevel.Warning,
        Message = "Could not register {Uris}; retrying at the next heartbeat")]
    private static partial void LogRegisterFailed(ILogger logger, string uris, Exception exception);

    [LoggerMessage(EventId = 10, EventName = "unregister-failed", Level = LogLevel.Warning,
        Message = "Could not unregister {Uris}: {Reason}; the routers drop them when they go stale")]
    private static partial void LogUnregisterFailed(ILogger logger, string uris, string reason);

    [LoggerMessage(EventId = 11, EventName = "nats-connection-reconnected", Level = LogLevel.Information,
        Message = "Reconnected to NATS; registering again and greeting the routers")]
    private static partial void LogReconnected(ILogger logger);

    [LoggerMessage(EventId = 12, EventName = "registration-changed", Level = LogLevel.Information,
        Message = "Registration changed: {Uris} -> {Address}")]
    private static partial void LogRegistrationChanged(ILogger logger, string uris, string address);

    [LoggerMessage(EventId = 13, EventName = "nats-connection-attempt-failed", Level = LogLevel.Warning,
        Message = "Could not reconnect to NATS at {Server}; trying again")]
    private static partial void LogReconnectFailed(ILogger logger, string server);
}
