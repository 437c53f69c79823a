using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.WebSockets;

/// <summary>
/// Upgrade requests a backend does not take, and malformed ones: the client always gets an answer, Gorouter's
/// (docs/gorouter-compatibility.md §7.4): the backend's own refusal passed through, or 502 when there is none.
/// </summary>
public sealed class WebSocketRefusalTests(ITestOutputHelper output)
{
    private const string Key = "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    [Fact]
    public async Task WebSocketUpgrade_BackendAnswers200_AnswerPassedThroughAndCountedAsUpgrade()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("plain");
        router.Register(backend, "plain.test");

        var answer = await WebSocketClients.SendRawAsync(router.ProxyPort, "plain.test", $"Connection: Upgrade\r\nUpgrade: websocket\r\n{Key}");

        Assert.Equal(200, answer.Status);
        Assert.Equal("plain", answer.Body);
        Assert.Equal("websocket", backend.ReceivedHeaders.Single()["Upgrade"]);
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "websocket_upgrades is 1", m => m.Value("websocket_upgrades") == 1);
        Assert.Equal(0, metrics.Value("websocket_failures"));
    }

    [Fact]
    public async Task WebSocketClient_BackendAnswers200_ConnectFailsWithTheStatus()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("plain");
        router.Register(backend, "plain.test");

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => WebSocketClients.ConnectAsync(router.ProxyPort, "plain.test"));

        Assert.Contains("200", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocketUpgrade_BackendAnswers400_AnswerPassedThrough()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("refuses", context =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("no upgrade here");
        });
        router.Register(backend, "refuses.test");

        var answer = await WebSocketClients.SendRawAsync(router.ProxyPort, "refuses.test", $"Connection: Upgrade\r\nUpgrade: websocket\r\n{Key}");

        Assert.Equal(400, answer.Status);
        Assert.Equal("no upgrade here", answer.Body);
        Assert.False(answer.Headers.ContainsKey("X-Cf-Routererror"));
        await MetricsScrape.UntilAsync(router.MetricsPort, "websocket_upgrades is 1", m => m.Value("websocket_upgrades") == 1);
    }

    [Fact]
    public async Task WebSocketUpgrade_BackendClosesWithoutAnswer_Returns502AndCountsFailure()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("closes", context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        router.Register(backend, "closes.test");

        var answer = await WebSocketClients.SendRawAsync(router.ProxyPort, "closes.test", $"Connection: Upgrade\r\nUpgrade: websocket\r\n{Key}");

        Assert.Equal(502, answer.Status);
        Assert.StartsWith("endpoint_failure (", answer.Headers["X-Cf-Routererror"], StringComparison.Ordinal);
        Assert.StartsWith("502 Bad Gateway: Registered endpoint failed to handle the request.", answer.Body, StringComparison.Ordinal);
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "websocket_failures is 1", m => m.Value("websocket_failures") == 1);
        Assert.Equal(0, metrics.Value("websocket_upgrades"));
        Assert.Equal(1, metrics.Value("bad_gateways"));
    }

    [Fact]
    public async Task WebSocketUpgrade_NoKeyHeader_BackendRefusalPassedThrough()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await WebSocketEchoBackend.StartAsync("echo");
        router.RouteTable.Register(backend.Registration("nokey.test"));

        // Gorouter checks no WebSocket header beyond Upgrade and Connection: the backend judges the handshake.
        var answer = await WebSocketClients.SendRawAsync(router.ProxyPort, "nokey.test", "Connection: Upgrade\r\nUpgrade: websocket\r\n");

        Assert.Equal(400, answer.Status);
        Assert.Equal(0, backend.Accepted);
        await MetricsScrape.UntilAsync(router.MetricsPort, "websocket_upgrades is 1", m => m.Value("websocket_upgrades") == 1);
    }

    [Fact]
    public async Task UpgradeHeader_WithoutConnectionUpgrade_ForwardedAsPlainRequestAndNotCounted()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("plain");
        router.Register(backend, "noconn.test");

        var answer = await WebSocketClients.SendRawAsync(router.ProxyPort, "noconn.test", $"Upgrade: websocket\r\n{Key}");

        Assert.Equal(200, answer.Status);
        Assert.Equal("plain", answer.Body);
        Assert.False(backend.ReceivedHeaders.Single().ContainsKey("Upgrade"));
        var metrics = await MetricsScrape.FetchAsync(router.MetricsPort);
        Assert.Equal(0, metrics.Value("websocket_upgrades"));
        Assert.Equal(0, metrics.Value("websocket_failures"));
    }

    [Fact]
    public async Task WebSocketUpgrade_BackendDead_Returns502AndCountsFailure()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        router.RouteTable.Register(RetryTests.DeadEndpoint(FreePort.Next(), "deadws.test"));

        var answer = await WebSocketClients.SendRawAsync(router.ProxyPort, "deadws.test", $"Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n{Key}");

        Assert.Equal(502, answer.Status);
        Assert.StartsWith("endpoint_failure (dial tcp ", answer.Headers["X-Cf-Routererror"], StringComparison.Ordinal);
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "websocket_failures is 1", m => m.Value("websocket_failures") == 1);
        Assert.Equal(0, metrics.Value("websocket_upgrades"));
    }

    [Fact]
    public async Task PlainRequest_BackendAnswers_CountsNoWebSocket()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("plain");
        router.Register(backend, "plain.test");

        using var response = await router.GetAsync("plain.test");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var metrics = await MetricsScrape.FetchAsync(router.MetricsPort);
        Assert.Equal(0, metrics.Value("websocket_upgrades"));
        Assert.Equal(0, metrics.Value("websocket_failures"));
    }

    [Fact]
    public async Task WebSocketUpgrade_UnknownRoute_Returns404AndCountsNothing()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);

        var answer = await WebSocketClients.SendRawAsync(router.ProxyPort, "nowhere.test", $"Connection: Upgrade\r\nUpgrade: websocket\r\n{Key}");

        Assert.Equal(404, answer.Status);
        Assert.Equal("unknown_route", answer.Headers["X-Cf-Routererror"]);
        var metrics = await MetricsScrape.FetchAsync(router.MetricsPort);
        Assert.Equal(0, metrics.Value("websocket_upgrades"));
        Assert.Equal(0, metrics.Value("websocket_failures"));
    }
}
