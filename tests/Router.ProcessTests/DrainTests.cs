using System.Diagnostics;
using System.Net;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>SIGUSR1, Gorouter's drain (docs/gorouter-compatibility.md §8.3): health 503, serve for drain_wait, close, finish in-flight requests.</summary>
public sealed class DrainTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int HeldRequests = 5;
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private MessageBus _bus = null!;
    private GatedBackend _held = null!;
    private TestBackend _quick = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();
        _held = await GatedBackend.StartAsync("held");
        _quick = await TestBackend.StartAsync("quick");
    }

    public async Task DisposeAsync()
    {
        await _held.DisposeAsync();
        await _quick.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task Sigusr1_RequestsInFlight_ServesDuringDrainWaitThenRefusesAndFinishesThemAndExitsZero()
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, DrainWait = DrainWait }, output);
        await _bus.RegisterAndWaitAsync(router, _held.Backend.Registration("held.test"));
        await _bus.RegisterAndWaitAsync(router, _quick.Registration("quick.test"));
        using var client = HttpClients.Create();
        var held = Enumerable.Range(0, HeldRequests)
            .Select(_ => HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "held.test")))
            .ToArray();
        await _held.WaitForArrivalsAsync(HeldRequests);
        using var idle = await IdleConnection.OpenAsync(router.ProxyPort, "quick.test");

        var sinceSignal = Stopwatch.StartNew();
        router.SendSignal(Signals.SigUsr1);

        await Eventually.Until("/health answers 503 after SIGUSR1",
            async () => await router.GetHealthStatusAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1));
        using (var fresh = HttpClients.Create())
        {
            var during = await HttpClients.SendAsync(fresh, HttpClients.ProxyGet(router.ProxyPort, "quick.test", closeConnection: true));
            Assert.Equal(HttpStatusCode.OK, during.Status);
            Assert.Equal("quick", during.Body);
        }

        Assert.True(sinceSignal.Elapsed < DrainWait, $"the check of serving during drain_wait ran late ({sinceSignal.Elapsed}); the machine is overloaded");

        await Eventually.Until("the proxy port refuses new connections", () => HttpClients.IsRefusedAsync(router.ProxyPort), DrainWait + TimeSpan.FromSeconds(5));
        Assert.True(sinceSignal.Elapsed >= DrainWait, $"the proxy listener closed {sinceSignal.Elapsed} after SIGUSR1, before drain_wait ({DrainWait}) had passed");
        Assert.All(held, request => Assert.False(request.IsCompleted, "a held request finished before the backend released it"));
        Assert.False(router.HasExited, $"the router exited with requests still in flight:\n{router.Output}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await router.GetHealthStatusAsync());
        Assert.True(await idle.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "an idle keep-alive client connection stayed open after the listener closed");

        _held.Release();
        var answers = await Task.WhenAll(held).WaitAsync(ExitTimeout);
        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(GatedBackend.Body, answer.Body);
        });
        Assert.Equal(0, await router.WaitForExitAsync(ExitTimeout));
    }

    [Fact]
    public async Task Sigusr1_RequestOutlastsDrainTimeout_CutAfterDrainTimeoutAndExitsZero()
    {
        var drainTimeout = TimeSpan.FromSeconds(1);
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, DrainWait = TimeSpan.Zero, DrainTimeout = drainTimeout }, output);
        await _bus.RegisterAndWaitAsync(router, _held.Backend.Registration("held.test"));
        using var client = HttpClients.Create();
        var held = HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "held.test"));
        await _held.WaitForArrivalsAsync(1);

        var sinceSignal = Stopwatch.StartNew();
        router.SendSignal(Signals.SigUsr1);
        var exitCode = await router.WaitForExitAsync(ExitTimeout);

        Assert.Equal(0, exitCode);
        Assert.True(sinceSignal.Elapsed >= drainTimeout, $"the router exited {sinceSignal.Elapsed} after SIGUSR1, before drain_timeout ({drainTimeout})");
        await Assert.ThrowsAsync<HttpRequestException>(() => held.WaitAsync(ExitTimeout));
    }
}
