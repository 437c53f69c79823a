using System.Diagnostics;
using System.Net;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// A second signal while draining or stopping (docs/gorouter-compatibility.md §8.3: "Further signals are logged and ignored"): the
/// first one decides how the router stops, requests in flight still finish, and the exit code stays 0.
/// </summary>
public sealed class SignalSequenceTests(ITestOutputHelper output) : IAsyncLifetime
{
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
    public async Task Sigterm_DuringDrainWait_IgnoredSoListenerStaysOpenForDrainWait()
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, DrainWait = DrainWait }, output);
        await _bus.RegisterAndWaitAsync(router, _quick.Registration("quick.test"));

        var sinceDrain = Stopwatch.StartNew();
        router.SendSignal(Signals.SigUsr1);
        await Eventually.Until("/health answers 503 after SIGUSR1",
            async () => await router.GetHealthStatusAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1));
        router.SendSignal(Signals.SigTerm);

        await Eventually.Until("the proxy port refuses new connections", () => HttpClients.IsRefusedAsync(router.ProxyPort), DrainWait + TimeSpan.FromSeconds(5));
        Assert.True(sinceDrain.Elapsed >= DrainWait, $"SIGTERM during the drain closed the proxy listener {sinceDrain.Elapsed} after SIGUSR1, before drain_wait ({DrainWait})");
        Assert.Equal(0, await router.WaitForExitAsync(ExitTimeout));
    }

    [Theory]
    [InlineData(Signals.SigTerm, Signals.SigUsr1)]
    [InlineData(Signals.SigTerm, Signals.SigTerm)]
    [InlineData(Signals.SigUsr1, Signals.SigUsr1)]
    public async Task SecondSignal_WhileRequestInFlight_RequestFinishesAndExitCodeIsZero(int first, int second)
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, DrainWait = TimeSpan.Zero }, output);
        await _bus.RegisterAndWaitAsync(router, _held.Backend.Registration("held.test"));
        using var client = HttpClients.Create();
        var held = HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "held.test"));
        await _held.WaitForArrivalsAsync(1);

        router.SendSignal(first);
        await Eventually.Until("the proxy port refuses new connections", () => HttpClients.IsRefusedAsync(router.ProxyPort), TimeSpan.FromSeconds(5));
        router.SendSignal(second);
        await Eventually.Until("the router has handled the second signal", async () =>
            router.HasExited || await router.GetHealthStatusAsync() == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(2));
        Assert.False(router.HasExited, $"the router exited with a request in flight:\n{router.Output}");

        _held.Release();
        var answer = await held.WaitAsync(ExitTimeout);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(GatedBackend.Body, answer.Body);
        Assert.Equal(0, await router.WaitForExitAsync(ExitTimeout));
    }
}
