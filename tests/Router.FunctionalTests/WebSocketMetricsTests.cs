using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class WebSocketMetricsTests(ITestOutputHelper output)
{
    private const string UpgradeHeaders =
        "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

    [Fact]
    public async Task WebSocketUpgrade_BackendSwitchesProtocols_CountsUpgrade()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("ws", async context =>
        {
            var upgrade = context.Features.GetRequiredFeature<IHttpUpgradeFeature>();
            context.Response.Headers.Upgrade = "websocket";
            await using var stream = await upgrade.UpgradeAsync();
            await stream.WriteAsync("hello"u8.ToArray());
        });
        router.Register(backend, "ws.test");

        var head = await SendUpgradeAsync(router.ProxyPort, "ws.test");

        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "websocket_upgrades is 1", m => m.Value("websocket_upgrades") == 1);
        Assert.Equal(0, metrics.Value("websocket_failures"));
    }

    [Fact]
    public async Task WebSocketUpgrade_BackendRefusesConnection_CountsFailure()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        router.RouteTable.Register(RetryTests.DeadEndpoint(FreePort.Next(), "deadws.test"));

        var head = await SendUpgradeAsync(router.ProxyPort, "deadws.test");

        Assert.StartsWith("HTTP/1.1 502", head, StringComparison.Ordinal);
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

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metrics = await MetricsScrape.FetchAsync(router.MetricsPort);
        Assert.Equal(0, metrics.Value("websocket_upgrades"));
        Assert.Equal(0, metrics.Value("websocket_failures"));
    }

    /// <summary>Sends an upgrade request over a raw connection and returns the response head; closes the connection.</summary>
    private static async Task<string> SendUpgradeAsync(int port, string host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /socket HTTP/1.1\r\nHost: {host}\r\n{UpgradeHeaders}"), timeout.Token);
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
