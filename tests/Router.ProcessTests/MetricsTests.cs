using System.Net;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// <c>/metrics</c> of a real router fed by real NATS and backends (docs/gorouter-compatibility.md §9): every family is declared with
/// Gorouter's type, and each moves when its event happens.
/// </summary>
public sealed class MetricsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AddedEmptyComponent = "registry_message{action=\"added\",component=\"\"}";
    private const string UnregisteredEmptyComponent = "unregistry_message{component=\"\"}";
    private const string LatencyCount = "latency_count{component=\"\"}";

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
    public async Task Metrics_EveryFamily_DeclaredWithGorouterType()
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server }, output);

        var scrape = await router.ScrapeAsync();

        (string Name, string Type)[] families =
        [
            ("total_requests", "counter"), ("responses", "counter"), ("latency", "histogram"), ("gorouter_time", "histogram"),
            ("bad_gateways", "counter"), ("rejected_requests", "counter"), ("backend_exhausted_conns", "counter"),
            ("file_descriptors", "gauge"), ("total_routes", "gauge"), ("ms_since_last_registry_update", "gauge"),
            ("registry_message", "counter"), ("unregistry_message", "counter"), ("routes_pruned", "counter"),
            ("route_lookup_time", "histogram"), ("route_registration_latency", "histogram"), ("buffered_messages", "gauge"),
            ("total_dropped_messages", "gauge"), ("uptime", "gauge"), ("process_cpu_seconds_total", "counter"),
            ("process_open_fds", "gauge"), ("process_max_fds", "gauge"), ("process_resident_memory_bytes", "gauge"),
            ("process_virtual_memory_bytes", "gauge"), ("process_start_time_seconds", "gauge"),
            ("dotnet_gc_collections_total", "counter"), ("dotnet_gc_heap_size_bytes", "gauge"),
            ("nats_disconnects", "counter"), ("nats_reconnects", "counter"),
        ];
        Assert.All(families, f => Assert.True(scrape.HasType(f.Name, f.Type), $"no '# TYPE {f.Name} {f.Type}' in:\n{scrape.Text}"));
        Assert.Equal(-1, scrape.Value("ms_since_last_registry_update"));
        Assert.Equal(0, scrape.Value("total_routes"));
        Assert.Equal(0, scrape.Value("buffered_messages"));
        Assert.Equal(0, scrape.Value("total_dropped_messages"));
        Assert.Equal(0, scrape.Value("nats_disconnects"));
        Assert.Equal(0, scrape.Value("nats_reconnects"));
        Assert.Equal(0, scrape.Value("routes_pruned"));
        Assert.True(scrape.Value("file_descriptors") > 0, scrape.Text);
        Assert.True(scrape.Value("uptime") > 0, scrape.Text);
        Assert.True(scrape.Value("process_resident_memory_bytes") > 0, scrape.Text);
        Assert.True(scrape.Value("dotnet_gc_heap_size_bytes") > 0, scrape.Text);
    }

    [Fact]
    public async Task Metrics_RoutingEvents_EachMovesItsMetric()
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, ExtraYaml = "backends:\n  max_conns: 1" }, output);
        using var client = HttpClients.Create();
        var before = await router.ScrapeAsync();

        // Registration: registry_message{action="added"} and total_routes.
        await _bus.RegisterAndWaitAsync(router, _live.Backend.Registration("live.test"));
        var dead = new RegistrationMessage { Host = "127.0.0.1", Port = FreePort.Next(), Uris = ["dead.test"], PrivateInstanceIndex = "0" };
        await _bus.RegisterAndWaitAsync(router, dead);
        var registered = await MetricsScrape.UntilAsync(router.MetricsPort, "both registrations counted", scrape =>
            scrape.Value(AddedEmptyComponent) >= before.Value(AddedEmptyComponent) + 2);
        Assert.Equal(before.Value(AddedEmptyComponent) + 2, registered.Value(AddedEmptyComponent));
        Assert.Equal(2, registered.Value("total_routes"));
        Assert.True(registered.Value("ms_since_last_registry_update") >= 0, registered.Text);

        // A dead backend: 502 and bad_gateways.
        var badGateway = await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "dead.test"));
        Assert.Equal(HttpStatusCode.BadGateway, badGateway.Status);
        Assert.Equal(registered.Value("bad_gateways") + 1, (await router.ScrapeAsync()).Value("bad_gateways"));

        // No route: 404 and rejected_requests.
        var unknown = await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "unknown.test"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(registered.Value("rejected_requests") + 1, (await router.ScrapeAsync()).Value("rejected_requests"));

        // max_conns 1 with one request held: the next one is rejected and backend_exhausted_conns moves.
        var held = HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "live.test"));
        await _live.WaitForArrivalsAsync(1);
        using (var second = HttpClients.Create())
        {
            var rejected = await HttpClients.SendAsync(second, HttpClients.ProxyGet(router.ProxyPort, "live.test"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.Status);
        }

        Assert.Equal(registered.Value("backend_exhausted_conns") + 1, (await router.ScrapeAsync()).Value("backend_exhausted_conns"));
        _live.Release();
        Assert.Equal(HttpStatusCode.OK, (await held.WaitAsync(TimeSpan.FromSeconds(10))).Status);

        const int MoreServed = 3;
        for (var i = 0; i < MoreServed; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "live.test"))).Status);
        }

        // Proxied = reached an endpoint: the 502 and the four 200s; the 404 and the 503 were rejected before. A
        // request is counted once its answer is sent, so the client can be a moment ahead of the page.
        const int Proxied = 1 + 1 + MoreServed;
        var served = await MetricsScrape.UntilAsync(router.MetricsPort, $"{LatencyCount} counts {Proxied} more", scrape =>
            scrape.Value(LatencyCount) - before.Value(LatencyCount) >= Proxied);
        const int LookedUp = Proxied + 2;
        Assert.Equal(Proxied, served.Value(LatencyCount) - before.Value(LatencyCount));
        Assert.Equal(Proxied, served.Sum("total_requests") - before.Sum("total_requests"));
        Assert.Equal(1 + MoreServed, served.Value("responses{status_group=\"2xx\"}") - before.Value("responses{status_group=\"2xx\"}"));
        Assert.Equal(1, served.Value("responses{status_group=\"5xx\"}") - before.Value("responses{status_group=\"5xx\"}"));
        Assert.Equal(LookedUp, served.Value("route_lookup_time_count") - before.Value("route_lookup_time_count"));

        // Unregistration: unregistry_message, and the route is gone from total_routes.
        await _bus.Emitter.UnregisterAsync(dead);
        var unregistered = await MetricsScrape.UntilAsync(router.MetricsPort, "total_routes drops to 1 and the unregister is counted", scrape =>
            scrape.Value("total_routes") == 1 && scrape.Value(UnregisteredEmptyComponent) > served.Value(UnregisteredEmptyComponent));
        Assert.Equal(served.Value(UnregisteredEmptyComponent) + 1, unregistered.Value(UnregisteredEmptyComponent));
    }
}
