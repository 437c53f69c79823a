using System.Net;
using System.Text.Json;
using NATS.Client.Core;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// <c>nats.warm_up</c>: before <c>router.start</c>, the router runs made-up registrations through a subscription and a
/// route table of its own. Nothing of them may reach the real table, <c>/routes</c>, the metrics or the log.
/// </summary>
public sealed class RegistrationWarmUpTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AddedEmptyComponent = "registry_message{action=\"added\",component=\"\"}";

    private GatedBackend _live = null!;

    public async Task InitializeAsync() => _live = await GatedBackend.StartAsync("live");

    public async Task DisposeAsync() => await _live.DisposeAsync();

    [Fact]
    public async Task WarmUp_BeforeRouterStart_LeavesNoRouteMetricOrLogLineBehind()
    {
        await using var bus = await MessageBus.StartAsync();
        await using var router = await RouterProcess.StartAsync(new() { Nats = bus.Server, WarmUp = true }, output);

        // Logged before the router turned healthy; its output reaches this test a moment later.
        await Eventually.Until("warm-up logged", () => router.Output.Contains("registration-warm-up-done", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        await bus.RegisterAndWaitAsync(router, _live.Backend.Registration("live.test"));
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
        await Eventually.Until("real route logged", () => router.Output.Contains("uri=live.test", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("router.invalid", router.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmUp_NatsPermissionsDenyItsSubject_SkippedAfterOneMessageRouterServes()
    {
        // The router's user may use router.> only, as an operator might lock it down; the emitter's user anything.
        var config = Path.Combine(Path.GetTempPath(), $"nats-permissions-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, """
            authorization {
              users = [
                { user: router, password: router-secret, permissions: { publish: "router.>", subscribe: "router.>" } }
                { user: emitter, password: emitter-secret }
              ]
            }
            """);
        try
        {
            await using var nats = await NatsServerProcess.StartNewAsync("-c", config);
            await using var router = await RouterProcess.StartAsync(new()
            {
                Nats = nats,
                WarmUp = true,
                Environment = new Dictionary<string, string> { ["ROUTER_NATS__USER"] = "router", ["ROUTER_NATS__PASS"] = "router-secret" },
            }, output);
            // The router logged it before it turned healthy, but its output reaches this test a moment later.
            await Eventually.Until("warm-up failure logged", () =>
                router.Output.Contains("registration-warm-up-failed", StringComparison.Ordinal)
                && router.Output.Contains("NATS permissions", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.DoesNotContain("registration-warm-up-done", router.Output, StringComparison.Ordinal);

            await using var emitter = new NatsConnection(new NatsOpts
            {
                Url = nats.Url,
                AuthOpts = new NatsAuthOpts { Username = "emitter", Password = "emitter-secret" },
            });
            await emitter.PublishAsync(NatsSubjects.Register, RegistrationMessageParser.Serialize(_live.Backend.Registration("live.test")));
            await router.WaitForRouteAsync("live.test");
            _live.Release();
            using var client = HttpClients.Create();
            Assert.Equal(HttpStatusCode.OK, (await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "live.test"))).Status);
            Assert.Equal(0, (await router.ScrapeAsync()).Value("nats_disconnects"));
        }
        finally
        {
            File.Delete(config);
        }
    }
}
