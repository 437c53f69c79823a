using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Router.Hosting;

/// <summary>Options of <see cref="RouterConsoleFormatter"/>.</summary>
internal sealed class RouterConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Write one JSON object per line instead of plain text (<c>logging.json</c>).</summary>
    public bool Json { get; set; }

    /// <summary>Timestamps as RFC 3339 text (true) or Unix epoch seconds (false), as <c>logging.format.timestamp</c> says.</summary>
    public bool Rfc3339 { get; set; } = true;
}

/// <summary>
/// Console log lines that carry Gorouter's event names (<c>endpoint-registered</c>, <c>nats-connection-error</c>,
/// …) so operators' searches keep working: the built-in formatters print only numeric event ids.
/// Plain: <c>2026-11-22T10:00:00.123Z info endpoint-registered RouteRegistry.RouteTable: message</c>.
/// JSON: <c>{"timestamp":…,"level":"info","event":"endpoint-registered","source":…,"message":…,"data":{…}}</c>.
/// </summary>
internal sealed class RouterConsoleFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "router";

    private readonly IDisposable? _reload;
    private RouterConsoleFormatterOptions _options;

    public RouterConsoleFormatter(IOptionsMonitor<RouterConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(updated => _options = updated);
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var options = _options;
        var now = DateTimeOffset.UtcNow;
        var level = LevelName(logEntry.LogLevel);
        var eventName = string.IsNullOrEmpty(logEntry.EventId.Name)
            ? logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture)
            : logEntry.EventId.Name;
        if (!options.Json)
        {
            textWriter.Write(Timestamp(now, options.Rfc3339));
            textWriter.Write(' ');
            textWriter.Write(level);
            textWriter.Write(' ');
            textWriter.Write(eventName);
            textWriter.Write(' ');
            textWriter.Write(logEntry.Category);
            textWriter.Write(": ");
            textWriter.Write(message);
            if (logEntry.Exception is not null)
            {
                textWriter.Write(' ');
                textWriter.Write(logEntry.Exception.ToString().ReplaceLineEndings(" | "));
            }

            textWriter.Write('\n');
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (options.Rfc3339)
            {
                json.WriteString("timestamp", Timestamp(now, rfc3339: true));
            }
            else
            {
                json.WriteNumber("timestamp", now.ToUnixTimeMilliseconds() / 1000.0);
            }

            json.WriteString("level", level);
            json.WriteString("event", eventName);
            json.WriteString("source", logEntry.Category);
            json.WriteString("message", message);
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.Count > 1)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in fields)
                {
                    if (key != "{OriginalFormat}")
                    {
                        json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    }
                }

                json.WriteEndObject();
            }

            if (logEntry.Exception is not null)
            {
                json.WriteString("error", logEntry.Exception.ToString());
            }

            json.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write('\n');
    }

    public void Dispose() => _reload?.Dispose();

    private static string Timestamp(DateTimeOffset now, bool rfc3339) => rfc3339
        ? now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)
        : (now.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fatal",
    };
}
