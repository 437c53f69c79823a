using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// <c>/health</c>, the process-alive check and the legacy health user agent (docs/gorouter-compatibility.md §8.2): 503 until the proxy
/// listener opens, 200 <c>ok\n</c> while serving, never cached.
/// </summary>
public sealed class HealthTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string HealthUserAgent = "HTTP-Monitor/1.1";
    private static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(3);

    private MessageBus _bus = null!;

    public async Task InitializeAsync() => _bus = await MessageBus.StartAsync();

    public async Task DisposeAsync() => await _bus.DisposeAsync();

    [Fact]
    public async Task Health_DuringStartResponseDelay_503UntilProxyListenerOpensThen200()
    {
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, StartResponseDelay = StartDelay, WaitUntilHealthy = false }, output);

        RawAnswer? first = null;
        await Eventually.Until("the status listener answers /health", async () =>
        {
            Assert.False(router.HasExited, router.Output);
            first = await TryGetAsync(router.StatusPort, "/health");
            return first is not null;
        }, TimeSpan.FromSeconds(20));
        Assert.True(await HttpClients.IsRefusedAsync(router.ProxyPort), "the proxy listener was open while /health was first checked");
        Assert.Equal(503, first!.Status);
        Assert.Equal("", first.Body);
        AssertNotCached(first);

        var alive = await RawAnswer.GetAsync(router.StatusPort, "router", "/is-process-alive-do-not-use-for-loadbalancing");
        Assert.Equal(200, alive.Status);
        Assert.Equal("ok\n", alive.Body);

        await router.WaitUntilHealthyAsync();
        Assert.True(router.SinceLaunch >= StartDelay,
            $"/health turned 200 {router.SinceLaunch} after the router was launched; start_response_delay_interval is {StartDelay}");
        Assert.False(await HttpClients.IsRefusedAsync(router.ProxyPort), "/health is 200 but the proxy port refuses connections");
        var healthy = await RawAnswer.GetAsync(router.StatusPort, "router", "/health");
        Assert.Equal(200, healthy.Status);
        Assert.Equal("ok\n", healthy.Body);
        AssertNotCached(healthy);
    }

    [Fact]
    public async Task HealthcheckUserAgent_OnProxyPort_AnswersOkForAnyHostThen503WhileDraining()
    {
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, DrainWait = TimeSpan.FromSeconds(2) }, output);
        var agent = $"User-Agent: {HealthUserAgent}\r\n";

        var serving = await RawAnswer.GetAsync(router.ProxyPort, "no-such-route.test", "/anything", agent);
        Assert.Equal(200, serving.Status);
        Assert.Equal("ok\n", serving.Body);

        var other = await RawAnswer.GetAsync(router.ProxyPort, "no-such-route.test", "/anything", "User-Agent: curl/8.0\r\n");
        Assert.Equal(404, other.Status);

        router.SendSignal(Signals.SigUsr1);
        await Eventually.Until("the health user agent gets 503 on the proxy port while draining", async () =>
            (await RawAnswer.GetAsync(router.ProxyPort, "no-such-route.test", "/", agent)).Status == 503, TimeSpan.FromSeconds(1));
        Assert.Equal(0, await router.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task HealthCheckCommand_HealthyThenDraining_ExitsZeroThenOne()
    {
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, DrainWait = TimeSpan.FromSeconds(5) }, output);
        var health = new Uri($"http://127.0.0.1:{router.StatusPort}/health");

        Assert.Equal(0, await RouterProcess.RunHealthCheckAsync(health));

        router.SendSignal(Signals.SigUsr1);
        await Eventually.Until("/health answers 503 after SIGUSR1",
            async () => await router.GetHealthStatusAsync() == System.Net.HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RouterProcess.RunHealthCheckAsync(health));
        Assert.Equal(1, await RouterProcess.RunHealthCheckAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}/health")));
    }

    private static void AssertNotCached(RawAnswer answer)
    {
        Assert.Equal("private, max-age=0", answer.Header("Cache-Control"));
        Assert.Equal("0", answer.Header("Expires"));
    }

    private static async Task<RawAnswer?> TryGetAsync(int port, string target)
    {
        try
        {
            return await RawAnswer.GetAsync(port, "router", target);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
