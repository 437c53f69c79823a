using System.Text;
using System.Text.Json;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// Network data that carries line breaks (a <c>router.register</c> payload with a newline, a registered URI with
/// CR LF) cannot forge a log line: in the text and the JSON format every line of the router's output is one event.
/// </summary>
public sealed class LogForgingTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Compared ignoring case: the route table lower-cases the URI it logs.</summary>
    private const string Marker = "FORGED";
    private const string Forgery = Marker + " info route-registered RouteRegistry.RouteTable: forged.test";

    private MessageBus _bus = null!;

    public async Task InitializeAsync() => _bus = await MessageBus.StartAsync();

    public Task DisposeAsync() => _bus.DisposeAsync().AsTask();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Register_PayloadAndUriWithLineBreaks_EveryOutputLineIsOneEvent(bool json)
    {
        await using var backend = await TestBackend.StartAsync("logged");
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, ExtraYaml = $"logging:\n  level: debug\n  json: {(json ? "true" : "false")}" },
            output);

        var payload = Encoding.UTF8.GetBytes($"{{\"host\":\"127.0.0.1\",\"port\":1,\"uris\":[\"junk.test\"]}}\n{Forgery}\r\n{Forgery}");
        await _bus.Emitter.PublishRawAsync(NatsSubjects.Register, payload);
        await _bus.RegisterAndWaitAsync(router, backend.Registration("plain.test"));
        await _bus.Emitter.RegisterAsync(backend.Registration($"crlf.test/a\r\n{Forgery}\u2028{Forgery}"));
        await Eventually.Until(
            "both hostile messages logged",
            () => router.StandardOutput.Split('\n').Count(line => line.Contains(Marker, StringComparison.OrdinalIgnoreCase)) >= 2);

        var lines = router.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            Assert.False(line.StartsWith(Marker, StringComparison.OrdinalIgnoreCase), $"forged line: {line}");
            Assert.DoesNotContain('\r', line);
            Assert.DoesNotContain('\u2028', line);
            if (json)
            {
                using var parsed = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, parsed.RootElement.ValueKind);
            }
        }
    }
}
