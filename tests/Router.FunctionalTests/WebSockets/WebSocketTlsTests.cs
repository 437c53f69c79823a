using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using Router.FunctionalTests.Tls;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.WebSockets;

/// <summary>WebSockets over the router's TLS listener: <c>wss</c> over HTTP/1.1, and RFC 8441 over HTTP/2.</summary>
public sealed class WebSocketTlsTests(TlsCertificates certs, ITestOutputHelper output) : IClassFixture<TlsCertificates>
{
    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Wss_OverTlsListener_EchoesAndCountsUpgrade(string httpVersion)
    {
        var sslPort = FreePort.Next();
        await using var router = await RouterTestEnvironment.StartAsync(certs.RouterYaml(sslPort, "none", "endpoint_timeout: 1s"), output: output);
        await using var backend = await WebSocketEchoBackend.StartAsync("echo");
        router.RouteTable.Register(backend.Registration("a.tls.test"));
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = certs.Ca.TrustOnlyThis() },
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, sslPort, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = Version.Parse(httpVersion);
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await socket.ConnectAsync(new Uri($"wss://a.tls.test:{sslPort}/"), invoker, timeout.Token);
        }

        Assert.Equal("over tls", await WebSocketClients.EchoAsync(socket, "over tls"));
        var pause = WebSocketEchoBackend.PausePrefix + "2000";
        Assert.Equal(pause, await WebSocketClients.EchoAsync(socket, pause));
        Assert.Equal("still open", await WebSocketClients.EchoAsync(socket, "still open"));
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "websocket_upgrades is 1", m => m.Value("websocket_upgrades") == 1);
        Assert.Equal(0, metrics.Value("websocket_failures"));
    }
}
