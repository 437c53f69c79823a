using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.WebSockets;

/// <summary>
/// What stopping does to WebSockets (docs/gorouter-compatibility.md §7.4, §8.3): drain and SIGTERM both end in
/// <c>RouterHost.StopAsync</c>, which closes every WebSocket at once and waits only for ordinary requests.
/// </summary>
public sealed class WebSocketDrainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stop_WebSocketOpenAndRequestInFlight_ClosesWebSocketAndFinishesRequest()
    {
        await using var router = await RouterTestEnvironment.StartAsync("drain_timeout: 60s", output: output);
        await using var echo = await WebSocketEchoBackend.StartAsync("echo");
        router.RouteTable.Register(echo.Registration("ws.test"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var held = await TestBackend.StartAsync("held", async context =>
        {
            arrived.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await context.Response.WriteAsync("released");
        });
        router.Register(held, "held.test");

        using var socket = await WebSocketClients.ConnectAsync(router.ProxyPort, "ws.test");
        Assert.Equal("open", await WebSocketClients.EchoAsync(socket, "open"));
        var request = router.GetAsync("held.test");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stopping = router.Host.StopAsync();

        Assert.True(await WebSocketClients.EndsAsync(socket, TimeSpan.FromSeconds(10)), "the WebSocket stayed open while the router stopped");
        await Eventually.Until("the backend's side of the WebSocket ends", () => echo.Open == 0);
        Assert.False(stopping.IsCompleted, "the router stopped before the request in flight finished");
        Assert.False(request.IsCompleted, "the request in flight was cut");

        release.TrySetResult();
        using var response = await request.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("released", await response.Content.ReadAsStringAsync());
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stop_OnlyWebSocketsOpen_StopsWithoutWaitingForDrainTimeout()
    {
        await using var router = await RouterTestEnvironment.StartAsync("drain_timeout: 60s", output: output);
        await using var echo = await WebSocketEchoBackend.StartAsync("echo");
        router.RouteTable.Register(echo.Registration("ws.test"));
        using var first = await WebSocketClients.ConnectAsync(router.ProxyPort, "ws.test");
        using var second = await WebSocketClients.ConnectAsync(router.ProxyPort, "ws.test");

        await router.Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(await WebSocketClients.EndsAsync(first, TimeSpan.FromSeconds(5)));
        Assert.True(await WebSocketClients.EndsAsync(second, TimeSpan.FromSeconds(5)));
        await Eventually.Until("the backend's sides of the WebSockets end", () => echo.Open == 0);
    }
}
