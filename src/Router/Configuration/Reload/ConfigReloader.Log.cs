using Microsoft.Extensions.Logging;

namespace Router.Configuration.Reload;

internal sealed partial class ConfigReloader
{
    [LoggerMessage(EventId = 1, EventName = "config-reload-applied", Level = LogLevel.Information,
        Message = "Configuration reloaded: applied {Changed}; {RestartNeeded} changed key(s) need a restart")]
    private static partial void LogApplied(ILogger logger, string changed, int restartNeeded);

    [LoggerMessage(EventId = 2, EventName = "config-reload-restart-needed", Level = LogLevel.Warning,
        Message = "Configuration reload: {Key} changed but takes effect only after a restart; the running value is kept")]
    private static partial void LogRestartNeeded(ILogger logger, string key);

    [LoggerMessage(EventId = 3, EventName = "config-reload-refused", Level = LogLevel.Error,
        Message = "Configuration reload refused, the running configuration is kept. Error loading config {Path}: {Errors}")]
    private static partial void LogRefused(ILogger logger, string path, string errors);

    [LoggerMessage(EventId = 4, EventName = "config-reload-failed", Level = LogLevel.Error,
        Message = "Configuration reload failed, the running configuration is kept")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
