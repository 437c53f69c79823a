using System.Diagnostics;
using System.Net;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// Open WebSockets when the router process is told to stop (docs/gorouter-compatibility.md §7.4, §8.3): served through
/// <c>drain_wait</c>, then closed when the proxy listener closes; they never hold the exit up to <c>drain_timeout</c>.
/// </summary>
public sealed class WebSocketSignalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    private MessageBus _bus = null!;
    private WebSocketEchoBackend _echo = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();
        _echo = await WebSocketEchoBackend.StartAsync("echo");
    }

    public async Task DisposeAsync()
    {
        await _echo.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task Sigusr1_WebSocketOpen_ServedDuringDrainWaitThenClosedAndExitsZeroBeforeDrainTimeout()
    {
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, DrainWait = DrainWait, DrainTimeout = DrainTimeout }, output);
        await _bus.RegisterAndWaitAsync(router, _echo.Registration("ws.test"));
        using var socket = await WebSocketClients.ConnectAsync(router.ProxyPort, "ws.test");
        Assert.Equal("before", await WebSocketClients.EchoAsync(socket, "before"));

        var sinceSignal = Stopwatch.StartNew();
        router.SendSignal(Signals.SigUsr1);
        await Eventually.Until("/health answers 503 after SIGUSR1",
            async () => await router.GetHealthStatusAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1));
        Assert.Equal("during drain_wait", await WebSocketClients.EchoAsync(socket, "during drain_wait"));
        Assert.True(sinceSignal.Elapsed < DrainWait, $"the check of serving during drain_wait ran late ({sinceSignal.Elapsed}); the machine is overloaded");

        Assert.True(await WebSocketClients.EndsAsync(socket, DrainWait + TimeSpan.FromSeconds(10)), "the WebSocket stayed open through the drain");
        Assert.True(sinceSignal.Elapsed >= DrainWait, $"the WebSocket was closed {sinceSignal.Elapsed} after SIGUSR1, before drain_wait ({DrainWait}) had passed");
        Assert.Equal(0, await router.WaitForExitAsync(ExitTimeout));
        Assert.True(sinceSignal.Elapsed < DrainTimeout, "the router waited for the WebSocket until drain_timeout");
        await Eventually.Until("the backend's side of the WebSocket ends", () => _echo.Open == 0);
    }

    [Fact]
    public async Task Sigterm_WebSocketOpen_ClosedAndExitsZero()
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, DrainTimeout = DrainTimeout }, output);
        await _bus.RegisterAndWaitAsync(router, _echo.Registration("ws.test"));
        using var socket = await WebSocketClients.ConnectAsync(router.ProxyPort, "ws.test");
        Assert.Equal("open", await WebSocketClients.EchoAsync(socket, "open"));

        router.SendSignal(Signals.SigTerm);

        Assert.True(await WebSocketClients.EndsAsync(socket, ExitTimeout), "the WebSocket stayed open after SIGTERM");
        Assert.Equal(0, await router.WaitForExitAsync(ExitTimeout));
        await Eventually.Until("the backend's side of the WebSocket ends", () => _echo.Open == 0);
    }
}
