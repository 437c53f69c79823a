using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.WebSockets;

/// <summary>WebSockets joined through the router (docs/gorouter-compatibility.md §7.4): echo, timeouts, counters, accounting.</summary>
public sealed class WebSocketProxyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WebSocket_QuietLongerThanEndpointTimeout_StaysOpenAndEchoes()
    {
        await using var router = await RouterTestEnvironment.StartAsync("endpoint_timeout: 1s", output: output);
        await using var backend = await WebSocketEchoBackend.StartAsync("echo");
        router.RouteTable.Register(backend.Registration("ws.test"));

        using var socket = await WebSocketClients.ConnectAsync(router.ProxyPort, "ws.test");
        Assert.Equal("before", await WebSocketClients.EchoAsync(socket, "before"));
        var quiet = Stopwatch.StartNew();

        // The backend says nothing for 3 s, three times endpoint_timeout, then answers.
        var pause = WebSocketEchoBackend.PausePrefix + "3000";
        Assert.Equal(pause, await WebSocketClients.EchoAsync(socket, pause));
        Assert.True(quiet.Elapsed > TimeSpan.FromSeconds(1), $"the quiet period lasted {quiet.Elapsed}, not beyond endpoint_timeout");

        Assert.Equal("after", await WebSocketClients.EchoAsync(socket, "after"));
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(1, backend.Accepted);
    }

    [Fact]
    public async Task WebSocket_LargeBinaryMessages_EchoedWhole()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await WebSocketEchoBackend.StartAsync("echo");
        router.RouteTable.Register(backend.Registration("big.test"));
        var payload = new byte[70 * 1024];
        new Random(7).NextBytes(payload);

        using var socket = await WebSocketClients.ConnectAsync(router.ProxyPort, "big.test");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(payload, await WebSocketClients.EchoAsync(socket, payload));
        }
    }

    [Fact]
    public async Task WebSocket_Open_CountedInUpgradesAtOnce()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await WebSocketEchoBackend.StartAsync("echo");
        router.RouteTable.Register(backend.Registration("count.test"));

        using var first = await WebSocketClients.ConnectAsync(router.ProxyPort, "count.test");
        using var second = await WebSocketClients.ConnectAsync(router.ProxyPort, "count.test");

        // Both still open: counted when the backend's answer arrived, not when the WebSocket ends.
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "websocket_upgrades is 2", m => m.Value("websocket_upgrades") == 2);
        Assert.Equal(0, metrics.Value("websocket_failures"));
        Assert.Equal("still open", await WebSocketClients.EchoAsync(first, "still open"));
    }

    [Fact]
    public async Task WebSocketsOpen_MaxConnsOne_PlainRequestStillServed()
    {
        await using var router = await RouterTestEnvironment.StartAsync("backends:\n  max_conns: 1", output: output);
        await using var backend = await WebSocketEchoBackend.StartAsync("echo");
        router.RouteTable.Register(backend.Registration("limit.test"));

        using var first = await WebSocketClients.ConnectAsync(router.ProxyPort, "limit.test");
        using var second = await WebSocketClients.ConnectAsync(router.ProxyPort, "limit.test");
        using var response = await router.GetAsync("limit.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("echo", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, backend.Open);
        Assert.Equal("open", await WebSocketClients.EchoAsync(second, "open"));
        Assert.Equal(0, (await MetricsScrape.FetchAsync(router.MetricsPort)).Value("backend_exhausted_conns"));
    }

    [Fact]
    public async Task WebSocketsOpen_LeastConnection_NoEndpointCountsThem()
    {
        await using var router = await RouterTestEnvironment.StartAsync("balancing_algorithm: least-connection", output: output);
        await using var one = await WebSocketEchoBackend.StartAsync("one");
        await using var two = await WebSocketEchoBackend.StartAsync("two");
        router.RouteTable.Register(one.Registration("lc.test"));
        router.RouteTable.Register(two.Registration("lc.test"));

        var sockets = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                sockets.Add(await WebSocketClients.ConnectAsync(router.ProxyPort, "lc.test"));
            }

            Assert.Equal(4, one.Open + two.Open);
            var pool = router.RouteTable.Lookup("lc.test", "/");
            Assert.NotNull(pool);
            Assert.All(pool.EndpointsSnapshot.ToArray(), endpoint => Assert.Equal(0, endpoint.InFlight));
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }
}
