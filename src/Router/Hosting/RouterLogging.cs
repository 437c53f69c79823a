using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Configuration;

namespace Router.Hosting;

/// <summary>Console logging as <c>logging.*</c> asks: level, and plain or JSON lines.</summary>
internal static class RouterLogging
{
    /// <summary>Logs to standard output through <see cref="RouterLoggerProvider"/>, at the level <paramref name="level"/> holds.</summary>
    public static void Configure(ILoggingBuilder builder, LoggingOptions options, LogLevelSwitch level) =>
        Configure(builder, options, static () => Console.OpenStandardOutput(), ownsOutput: true, level);

    /// <summary>
    /// Logs to the stream <paramref name="openOutput"/> returns, opened when the logger factory is built, at the level
    /// <paramref name="level"/> holds; without a switch the level stays <c>logging.level</c>.
    /// </summary>
    internal static void Configure(ILoggingBuilder builder, LoggingOptions options, Func<Stream> openOutput, bool ownsOutput, LogLevelSwitch? level = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(openOutput);
        if (level is null)
        {
            builder.SetMinimumLevel(ParseLevel(options.Level));
        }
        else
        {
            // A configuration reload changes the level: every category without a rule of its own asks the switch.
            builder.SetMinimumLevel(LogLevel.Trace);
            builder.AddFilter(level.Allows);
        }

        // Framework chatter stays out of the router's log unless it is a warning. YARP logs every forwarded
        // request at Information and every backend failure with a stack trace; the router logs failures itself
        // (backend-endpoint-failed) and requests go to the access log, so only YARP's errors are kept.
        builder.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddFilter("Yarp", LogLevel.Error);

        // ASP.NET Core starts an Activity and a log scope for every request whenever its hosting logger is on at
        // any level; the router's per-request record is the access log, so that cost is not paid.
        builder.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        var format = new RouterConsoleFormatterOptions
        {
            Json = options.Json,
            Rfc3339 = options.Format.Timestamp == "rfc3339",
        };

        // Registered through a factory, not as an instance, so that the container behind the logger factory
        // disposes the provider with it, which writes out every queued line.
        builder.Services.AddSingleton<ILoggerProvider>(_ => new RouterLoggerProvider(format, openOutput(), ownsOutput));
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
