using System.Net;
using System.Text.Json;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// <c>nats.warm_up</c>: before <c>router.start</c>, the router runs made-up registrations through a subscription and a
/// route table of its own. Nothing of them may reach the real table, <c>/routes</c>, the metrics or the log.
/// </summary>
public sealed class RegistrationWarmUpTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AddedEmptyComponent = "registry_message{action=\"added\",component=\"\"}";

    private MessageBus _bus = null!;
    private GatedBackend _live = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();
        _live = await GatedBackend.StartAsync("live");
    }

    public async Task DisposeAsync()
    {
        await _live.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task WarmUp_BeforeRouterStart_LeavesNoRouteMetricOrLogLineBehind()
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, WarmUp = true }, output);
        Assert.Contains("registration-warm-up-done", router.Output, StringComparison.Ordinal);

        await _bus.RegisterAndWaitAsync(router, _live.Backend.Registration("live.test"));
        _live.Release();
        using var client = HttpClients.Create();
        Assert.Equal(HttpStatusCode.OK, (await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "live.test"))).Status);

        using var routes = await router.GetRoutesAsync(RouterProcess.StatusUser, "file-secret");
        using var json = JsonDocument.Parse(await routes.Content.ReadAsStringAsync());
        Assert.Equal(["live.test"], json.RootElement.EnumerateObject().Select(route => route.Name));
        var scrape = await router.ScrapeAsync();
        Assert.Equal(1, scrape.Value("total_routes"));
        Assert.Equal(1, scrape.Value(AddedEmptyComponent));
        Assert.Equal(0, scrape.Value("total_dropped_messages"));

        // The made-up routes are named *.router.invalid; the real one is logged, they are not.
        Assert.Contains("uri=live.test", router.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("router.invalid", router.Output, StringComparison.Ordinal);
    }
}
