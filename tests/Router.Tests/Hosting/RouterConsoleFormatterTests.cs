using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Router.Hosting;
using Router.Testing;

namespace Router.Tests.Hosting;

/// <summary>
/// The lines are byte for byte those the formatter wrote when it ran under the stock console logger (captured from
/// that version for the same entries), only with the clock pinned.
/// </summary>
public sealed partial class RouterConsoleFormatterTests
{
    private const string Category = "RouteRegistry.RouteTable";

    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public static TheoryData<bool, bool, string> Formats => new()
    {
        {
            false, true,
            """
            2026-11-22T10:00:00.1234567Z info endpoint-registered RouteRegistry.RouteTable: Endpoint 10.0.0.1:8080 registered for app.example.com (tag 42)
            2026-11-22T10:00:00.1234567Z warn gorouter.exited RouteRegistry.RouteTable: Router stopped
            2026-11-22T10:00:00.1234567Z error backend-endpoint-failed RouteRegistry.RouteTable: Backend bé<&>"'+\x failed System.InvalidOperationException: boom | line2
            2026-11-22T10:00:00.1234567Z debug 7 RouteRegistry.RouteTable: plain <state>
            2026-11-22T10:00:00.1234567Z error null-message RouteRegistry.RouteTable:  System.FormatException: fmt
            2026-11-22T10:00:00.1234567Z debug trace-evt RouteRegistry.RouteTable: münchen 😀

            """
        },
        {
            false, false,
            """
            1795341600.123 info endpoint-registered RouteRegistry.RouteTable: Endpoint 10.0.0.1:8080 registered for app.example.com (tag 42)
            1795341600.123 warn gorouter.exited RouteRegistry.RouteTable: Router stopped
            1795341600.123 error backend-endpoint-failed RouteRegistry.RouteTable: Backend bé<&>"'+\x failed System.InvalidOperationException: boom | line2
            1795341600.123 debug 7 RouteRegistry.RouteTable: plain <state>
            1795341600.123 error null-message RouteRegistry.RouteTable:  System.FormatException: fmt
            1795341600.123 debug trace-evt RouteRegistry.RouteTable: münchen 😀

            """
        },
        {
            true, true,
            """
            {"timestamp":"2026-11-22T10:00:00.1234567Z","level":"info","event":"endpoint-registered","source":"RouteRegistry.RouteTable","message":"Endpoint 10.0.0.1:8080 registered for app.example.com (tag 42)","data":{"Uri":"app.example.com","Backend":"10.0.0.1:8080","Tag":"42"}}
            {"timestamp":"2026-11-22T10:00:00.1234567Z","level":"warn","event":"gorouter.exited","source":"RouteRegistry.RouteTable","message":"Router stopped"}
            {"timestamp":"2026-11-22T10:00:00.1234567Z","level":"error","event":"backend-endpoint-failed","source":"RouteRegistry.RouteTable","message":"Backend b\u00E9\u003C\u0026\u003E\u0022\u0027\u002B\\x failed","data":{"Backend":"b\u00E9\u003C\u0026\u003E\u0022\u0027\u002B\\x"},"error":"System.InvalidOperationException: boom\nline2"}
            {"timestamp":"2026-11-22T10:00:00.1234567Z","level":"debug","event":"7","source":"RouteRegistry.RouteTable","message":"plain \u003Cstate\u003E"}
            {"timestamp":"2026-11-22T10:00:00.1234567Z","level":"error","event":"null-message","source":"RouteRegistry.RouteTable","message":null,"error":"System.FormatException: fmt"}
            {"timestamp":"2026-11-22T10:00:00.1234567Z","level":"debug","event":"trace-evt","source":"RouteRegistry.RouteTable","message":"m\u00FCnchen \uD83D\uDE00"}

            """
        },
        {
            true, false,
            """
            {"timestamp":1795341600.123,"level":"info","event":"endpoint-registered","source":"RouteRegistry.RouteTable","message":"Endpoint 10.0.0.1:8080 registered for app.example.com (tag 42)","data":{"Uri":"app.example.com","Backend":"10.0.0.1:8080","Tag":"42"}}
            {"timestamp":1795341600.123,"level":"warn","event":"gorouter.exited","source":"RouteRegistry.RouteTable","message":"Router stopped"}
            {"timestamp":1795341600.123,"level":"error","event":"backend-endpoint-failed","source":"RouteRegistry.RouteTable","message":"Backend b\u00E9\u003C\u0026\u003E\u0022\u0027\u002B\\x failed","data":{"Backend":"b\u00E9\u003C\u0026\u003E\u0022\u0027\u002B\\x"},"error":"System.InvalidOperationException: boom\nline2"}
            {"timestamp":1795341600.123,"level":"debug","event":"7","source":"RouteRegistry.RouteTable","message":"plain \u003Cstate\u003E"}
            {"timestamp":1795341600.123,"level":"error","event":"null-message","source":"RouteRegistry.RouteTable","message":null,"error":"System.FormatException: fmt"}
            {"timestamp":1795341600.123,"level":"debug","event":"trace-evt","source":"RouteRegistry.RouteTable","message":"m\u00FCnchen \uD83D\uDE00"}

            """
        },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Log_SampleEntries_LinesMatchTheConsoleFormatterOutput(bool json, bool rfc3339, string expected)
    {
        using var output = new RecordingStream();
        using (var provider = new RouterLoggerProvider(
            new RouterConsoleFormatterOptions { Json = json, Rfc3339 = rfc3339 }, output, ownsOutput: false, new ManualTimeProvider(Now)))
        {
            var logger = provider.CreateLogger(Category);
            LogRegistered(logger, "app.example.com", "10.0.0.1:8080", 42);
            LogExited(logger);
            LogFailed(logger, "b\u00e9<&>\"'+\\x", new InvalidOperationException("boom\nline2"));
            logger.Log(LogLevel.Debug, new EventId(7), "plain <state>", null, (state, _) => state);
            logger.Log(LogLevel.Critical, new EventId(9), "no message", null, (_, _) => null!);
            logger.Log(LogLevel.Error, new EventId(9, "null-message"), "no message", new FormatException("fmt"), (_, _) => null!);
            logger.Log(LogLevel.Trace, new EventId(3, "trace-evt"), "m\u00fcnchen \ud83d\ude00", null, (state, _) => state);
        }

        Assert.Equal(expected.ReplaceLineEndings("\n"), output.FlushedText);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(637_134_336_000_000_000L)]
    [InlineData(638_712_345_678_901_234L)]
    [InlineData(3_155_378_975_999_999_999L)]
    public void FormatRfc3339_AnyInstant_MatchesTheFormatString(long ticks)
    {
        var instant = new DateTime(ticks, DateTimeKind.Utc);
        var bytes = new byte[28];

        var written = RouterConsoleFormatter.FormatRfc3339(instant, bytes);

        Assert.Equal(
            instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            Encoding.ASCII.GetString(bytes, 0, written));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(5L)]
    [InlineData(1_795_341_600_000L)]
    [InlineData(1_795_341_600_100L)]
    [InlineData(1_795_341_600_120L)]
    [InlineData(1_795_341_600_123L)]
    [InlineData(1_795_341_600_999L)]
    [InlineData(253_402_300_799_999L)]
    [InlineData(-1_500L)]
    public void FormatEpochSeconds_AnyInstant_MatchesTheDoubleFormatting(long milliseconds)
    {
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        var seconds = milliseconds / 1000.0;
        var bytes = new byte[24];
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteNumberValue(seconds);
        }

        var plain = Encoding.ASCII.GetString(bytes, 0, RouterConsoleFormatter.FormatEpochSeconds(instant, bytes, trimZeros: false));
        var shortest = Encoding.ASCII.GetString(bytes, 0, RouterConsoleFormatter.FormatEpochSeconds(instant, bytes, trimZeros: true));

        Assert.Equal(seconds.ToString("F3", CultureInfo.InvariantCulture), plain);
        Assert.Equal(Encoding.ASCII.GetString(json.ToArray()), shortest);
    }

    [Fact]
    public void FormatEpochSeconds_EveryMillisecondOfASecond_MatchesTheDoubleFormatting()
    {
        var bytes = new byte[24];
        for (var milliseconds = 1_795_341_600_000L; milliseconds < 1_795_341_601_000L; milliseconds++)
        {
            var instant = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            var seconds = milliseconds / 1000.0;

            Assert.Equal(
                seconds.ToString("F3", CultureInfo.InvariantCulture),
                Encoding.ASCII.GetString(bytes, 0, RouterConsoleFormatter.FormatEpochSeconds(instant, bytes, trimZeros: false)));
            Assert.Equal(
                seconds.ToString("R", CultureInfo.InvariantCulture),
                Encoding.ASCII.GetString(bytes, 0, RouterConsoleFormatter.FormatEpochSeconds(instant, bytes, trimZeros: true)));
        }
    }

    [Fact]
    public void Log_ValueLogsWhileLineIsFormatted_EveryLineComplete()
    {
        using var output = new RecordingStream();
        using (var provider = new RouterLoggerProvider(
            new RouterConsoleFormatterOptions { Json = true }, output, ownsOutput: false, new ManualTimeProvider(Now)))
        {
            var logger = provider.CreateLogger(Category);

            // The value's ToString logs once for the message and once more in the middle of the JSON line, for
            // "data": that inner line must not write into the outer line's buffer.
            var value = new LoggingValue(logger);
            LogValue(logger, value);
        }

        const string Inner = """{"timestamp":"2026-11-22T10:00:00.1234567Z","level":"info","event":"inner","source":"RouteRegistry.RouteTable","message":"inner"}""";
        Assert.Equal(
            [
                Inner,
                Inner,
                """{"timestamp":"2026-11-22T10:00:00.1234567Z","level":"info","event":"value-logged","source":"RouteRegistry.RouteTable","message":"Value value","data":{"Value":"value"}}""",
            ],
            output.FlushedLines());
    }

    [LoggerMessage(EventId = 2, EventName = "endpoint-registered", Level = LogLevel.Information,
        Message = "Endpoint {Backend} registered for {Uri} (tag {Tag})")]
    private static partial void LogRegistered(ILogger logger, string uri, string backend, int tag);

    [LoggerMessage(EventId = 13, EventName = "gorouter.exited", Level = LogLevel.Warning, Message = "Router stopped")]
    private static partial void LogExited(ILogger logger);

    [LoggerMessage(EventId = 100, EventName = "backend-endpoint-failed", Level = LogLevel.Error, Message = "Backend {Backend} failed")]
    private static partial void LogFailed(ILogger logger, string backend, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "value-logged", Level = LogLevel.Information, Message = "Value {Value}")]
    private static partial void LogValue(ILogger logger, object value);

    private sealed class LoggingValue(ILogger logger)
    {
        public override string ToString()
        {
            logger.Log(LogLevel.Information, new EventId(1, "inner"), "inner", null, (state, _) => state);
            return "value";
        }
    }
}
