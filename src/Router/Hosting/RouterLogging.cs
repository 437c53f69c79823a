using Microsoft.Extensions.Logging;
using Router.Configuration;

namespace Router.Hosting;

/// <summary>Console logging as <c>logging.*</c> asks: level, and plain or JSON lines.</summary>
internal static class RouterLogging
{
    public static void Configure(ILoggingBuilder builder, LoggingOptions options)
    {
        builder.SetMinimumLevel(ParseLevel(options.Level));

        // Framework chatter stays out of the router's log unless it is a warning. YARP logs every forwarded
        // request at Information and every backend failure with a stack trace; the router logs failures itself
        // (backend-endpoint-failed) and requests go to the access log, so only YARP's errors are kept.
        builder.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddFilter("Yarp", LogLevel.Error);

        // ASP.NET Core starts an Activity and a log scope for every request whenever its hosting logger is on at
        // any level; the router's per-request record is the access log, so that cost is not paid.
        builder.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.AddConsole(console => console.FormatterName = RouterConsoleFormatter.FormatterName);
        builder.AddConsoleFormatter<RouterConsoleFormatter, RouterConsoleFormatterOptions>(formatter =>
        {
            formatter.Json = options.Json;
            formatter.Rfc3339 = options.Format.Timestamp == "rfc3339";
        });
    }

    public static LogLevel ParseLevel(string level) => level.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
