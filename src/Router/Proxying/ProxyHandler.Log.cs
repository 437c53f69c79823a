using Microsoft.Extensions.Logging;

namespace Router.Proxying;

/// <summary>The request path's log events, failures only: a request that succeeds logs nothing but its access-log line.</summary>
internal sealed partial class ProxyHandler
{
    [LoggerMessage(EventId = 100, EventName = "backend-endpoint-failed", Level = LogLevel.Warning,
        Message = "Backend {Address} for route {Host} failed: {Detail}")]
    private static partial void LogBackendFailed(ILogger logger, string host, string address, string detail);

    [LoggerMessage(EventId = 101, EventName = "connection-limit-reached", Level = LogLevel.Information,
        Message = "Every endpoint of route {Host} is at the connection limit")]
    private static partial void LogConnectionLimitReached(ILogger logger, string host);

    [LoggerMessage(EventId = 102, EventName = "route-service-connection-failed", Level = LogLevel.Warning,
        Message = "Route service {Address} for route {Host} failed: {Detail}")]
    private static partial void LogRouteServiceConnectionFailed(ILogger logger, string host, string address, string detail);
}
