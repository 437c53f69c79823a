using System.Diagnostics;
using System.Net;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// SIGTERM and SIGINT: the router stops accepting at once (no drain_wait) and lets requests in flight finish, then
/// exits 0, which is what a container runtime's stop needs.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int HeldRequests = 5;

    // Long on purpose: SIGTERM must not wait for it, so the listener closing well before it proves that.
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private MessageBus _bus = null!;
    private GatedBackend _held = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();
        _held = await GatedBackend.StartAsync("held");
    }

    public async Task DisposeAsync()
    {
        await _held.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Theory]
    [InlineData(Signals.SigTerm)]
    [InlineData(Signals.SigInt)]
    public async Task Stop_RequestsInFlight_RefusesAtOnceFinishesThemAndExitsZero(int signal)
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, DrainWait = DrainWait }, output);
        await _bus.RegisterAndWaitAsync(router, _held.Backend.Registration("held.test"));
        using var client = HttpClients.Create();
        var held = Enumerable.Range(0, HeldRequests)
            .Select(_ => HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "held.test")))
            .ToArray();
        await _held.WaitForArrivalsAsync(HeldRequests);

        var sinceSignal = Stopwatch.StartNew();
        router.SendSignal(signal);

        await Eventually.Until("the proxy port refuses new connections", () => HttpClients.IsRefusedAsync(router.ProxyPort), TimeSpan.FromSeconds(5));
        Assert.True(sinceSignal.Elapsed < DrainWait, $"the listener closed only {sinceSignal.Elapsed} after the signal; drain_wait is for SIGUSR1 only");
        Assert.All(held, request => Assert.False(request.IsCompleted, "a held request finished before the backend released it"));
        Assert.False(router.HasExited, $"the router exited with requests still in flight:\n{router.Output}");

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
    public async Task Sigterm_Idle_ExitsZeroPromptly()
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, DrainWait = DrainWait }, output);

        router.SendSignal(Signals.SigTerm);

        Assert.Equal(0, await router.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("Router stopped", router.StandardOutput, StringComparison.Ordinal);
    }
}
