using System.Text;
using Microsoft.Extensions.Logging;
using RouteRegistry;
using RouteMessages;
using Router.Hosting;
using Router.Testing;

namespace Router.Tests.Hosting;

/// <summary>
/// The registry's per-route events write their message as UTF-8 themselves: it goes into the line without the
/// formatter delegate, in both formats, whatever its length.
/// </summary>
public sealed class SelfFormattingLogStateTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    [Theory]
    [InlineData(5)]
    [InlineData(300)]
    [InlineData(5000)]
    public void Log_StateWritesItsOwnUtf8_PlainLineCarriesItsBytes(int repeat)
    {
        var text = "m\u00fcnchen \ud83d\ude00 " + new string('x', repeat);
        var state = new SelfFormattingState(text);

        var lines = Log(json: false, logger => logger.Log(LogLevel.Information, new EventId(1, "self"), state, null, Unused));

        Assert.Equal([$"2026-11-22T10:00:00.1234567Z info self Category: {text}"], lines);
    }

    [Fact]
    public void Log_StateWritesItsOwnUtf8_JsonMessageEscapedAndDataListed()
    {
        var text = "m\u00fcnchen <" + new string('x', 600) + ">";
        var state = new SelfFormattingState(text);

        var lines = Log(json: true, logger => logger.Log(LogLevel.Warning, new EventId(1, "self"), state, null, Unused));

        var escaped = "m\\u00FCnchen \\u003C" + new string('x', 600) + "\\u003E";
        Assert.Equal(
            [$$$"""{"timestamp":"2026-11-22T10:00:00.1234567Z","level":"warn","event":"self","source":"Category","message":"{{{escaped}}}","data":{"Length":"{{{text.Length}}}"}}"""],
            lines);
    }

    [Fact]
    public void Log_StateNeverFits_FormattersTextWritten()
    {
        var state = new NeverFitsState();

        var lines = Log(json: false, logger => logger.Log(LogLevel.Information, new EventId(1, "self"), state, null, (_, _) => "as text"));

        Assert.Equal(["2026-11-22T10:00:00.1234567Z info self Category: as text"], lines);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RouteTable_RegisterAndUnregister_LinesAsTheGeneratedMessagesRead(bool json)
    {
        var message = new RegistrationMessage
        {
            Host = "10.0.0.1",
            Port = 8080,
            Uris = ["app.test"],
            App = "app-1",
            PrivateInstanceId = "3f1c2a9e-5b7d-4e21-9a0c-8d6f4b2e1a07",
        };

        var lines = Log(json, (ILoggerFactory factory) =>
        {
            var table = new RouteTable(new RouteTableOptions(), new ManualTimeProvider(Now), factory.CreateLogger<RouteTable>());
            table.Register(message);
            table.Unregister(message);
        });

        const string Endpoint = "backend=10.0.0.1:8080 application_id=app-1 instance_id=3f1c2a9e-5b7d-4e21-9a0c-8d6f4b2e1a07";
        if (!json)
        {
            Assert.Equal(
                [
                    "2026-11-22T10:00:00.1234567Z info route-registered RouteRegistry.RouteTable: route-registered uri=app.test",
                    $"2026-11-22T10:00:00.1234567Z info endpoint-registered RouteRegistry.RouteTable: endpoint-registered uri=app.test {Endpoint} tls=False action=added",
                    $"2026-11-22T10:00:00.1234567Z info endpoint-unregistered RouteRegistry.RouteTable: endpoint-unregistered uri=app.test {Endpoint}",
                    "2026-11-22T10:00:00.1234567Z info route-unregistered RouteRegistry.RouteTable: route-unregistered uri=app.test",
                ],
                lines);
            return;
        }

        Assert.Equal(4, lines.Count);
        Assert.Equal(
            """{"timestamp":"2026-11-22T10:00:00.1234567Z","level":"info","event":"route-registered","source":"RouteRegistry.RouteTable","message":"route-registered uri=app.test","data":{"Uri":"app.test"}}""",
            lines[0]);
        Assert.Equal(
            $$$"""{"timestamp":"2026-11-22T10:00:00.1234567Z","level":"info","event":"endpoint-registered","source":"RouteRegistry.RouteTable","message":"endpoint-registered uri=app.test {{{Endpoint}}} tls=False action=added","data":{"Uri":"app.test","Backend":"10.0.0.1:8080","ApplicationId":"app-1","InstanceId":"3f1c2a9e-5b7d-4e21-9a0c-8d6f4b2e1a07","Tls":"False","Action":"added"}}""",
            lines[1]);
    }

    private static string Unused<TState>(TState state, Exception? exception) =>
        throw new InvalidOperationException("the formatter delegate is not used for a state that formats itself");

    private static IReadOnlyList<string> Log(bool json, Action<ILogger> log) =>
        Log(json, factory => log(factory.CreateLogger("Category")));

    /// <summary>The lines written when <paramref name="log"/> logs through a factory, as the router's loggers do.</summary>
    private static IReadOnlyList<string> Log(bool json, Action<ILoggerFactory> log)
    {
        using var output = new RecordingStream();
        using (var provider = new RouterLoggerProvider(
            new RouterConsoleFormatterOptions { Json = json }, output, ownsOutput: false, new ManualTimeProvider(Now)))
        using (var factory = new LoggerFactory([provider]))
        {
            log(factory);
        }

        return output.FlushedLines();
    }

    private sealed class SelfFormattingState(string text) : RegistryLogLine
    {
        public override int Count => 2;

        public override KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("Length", text.Length) : new("{OriginalFormat}", "{Text}");

        public override bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
            Encoding.UTF8.TryGetBytes(text, utf8Destination, out bytesWritten);
    }

    /// <summary>A state that never fits (only a broken one would): its line must still end, with the formatter's text.</summary>
    private sealed class NeverFitsState : RegistryLogLine
    {
        public override int Count => 0;

        public override KeyValuePair<string, object?> this[int index] => throw new ArgumentOutOfRangeException(nameof(index));

        public override bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            bytesWritten = 0;
            return false;
        }
    }
}
