using System.Net;
using Router.FunctionalTests.MessageBus;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Snapshots;

/// <summary>
/// The route snapshot across a real stop and start of the router: routes learnt over a real nats-server, requests to
/// real backends, and the emitters silent during the restart (docs/operations.md "Restarts without a 404 window").
/// </summary>
public sealed class RestartWithSnapshotTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "route-snapshot-" + Guid.NewGuid().ToString("N"));
    private readonly List<TestBackend> _backends = [];
    private NatsServerProcess _nats = null!;
    private NatsTestClient _client = null!;

    private string SnapshotPath => Path.Combine(_folder, "routes.snapshot");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _nats = await NatsServerProcess.StartNewAsync();
        _client = await NatsTestClient.ConnectAsync(_nats);
        for (var i = 0; i < 3; i++)
        {
            _backends.Add(await TestBackend.StartAsync("b" + i));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        await _client.DisposeAsync();
        await _nats.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Start_SnapshotOfTheStoppedRouter_RoutesEveryAppBeforeItRegistersAgain()
    {
        string routesBefore;
        await using (var first = await StartRouterAsync(snapshot: true))
        {
            await RegisterAllAsync(first);
            routesBefore = await first.GetRoutesJsonAsync();
        }

        await using var second = await StartRouterAsync(snapshot: true);

        Assert.Equal(3, second.Host.RouteSnapshots!.LastLoad!.Restored);
        for (var i = 0; i < _backends.Count; i++)
        {
            using var response = await second.GetAsync($"app{i}.snapshot.test", "/path");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("b" + i, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(routesBefore, await second.GetRoutesJsonAsync());
    }

    [Fact]
    public async Task Start_NoSnapshot_Answers404UntilTheAppRegistersAgain()
    {
        await using (var first = await StartRouterAsync(snapshot: false))
        {
            await RegisterAllAsync(first);
        }

        await using var second = await StartRouterAsync(snapshot: false);

        using var response = await second.GetAsync("app0.snapshot.test");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(second.Host.RouteSnapshots);
    }

    [Fact]
    public async Task Register_AfterRestoreFromSnapshot_LiveRegistrationReplacesTheStoredOne()
    {
        await using (var first = await StartRouterAsync(snapshot: true))
        {
            await RegisterAllAsync(first);
        }

        await using var second = await StartRouterAsync(snapshot: true);
        var moved = _backends[1].Registration("app0.snapshot.test");
        moved.Port = _backends[0].Port;
        moved.App = "moved-app";
        await _client.RegisterAsync(moved);

        await Eventually.Until(
            "live registration applied",
            () => second.RouteTable.Lookup("app0.snapshot.test", "/")?.EndpointsSnapshot.Span[0].ApplicationId == "moved-app");
        Assert.Equal(1, second.RouteTable.Lookup("app0.snapshot.test", "/")!.Count);
    }

    [Fact]
    public async Task Drain_RouteRegisteredJustBefore_IsInTheSnapshot()
    {
        await using var router = await StartRouterAsync(snapshot: true);
        await RegisterAllAsync(router);

        await router.Host.DrainAsync(TimeSpan.Zero);

        Assert.Equal(3, router.Host.RouteSnapshots!.LastSavedEntries);
        Assert.True(File.Exists(SnapshotPath));
    }

    private Task<RouterTestEnvironment> StartRouterAsync(bool snapshot) => RouterTestEnvironment.StartAsync(
        snapshot ? $"route_snapshot_file: {SnapshotPath}" : "", nats: _nats, output: output);

    private async Task RegisterAllAsync(RouterTestEnvironment router)
    {
        for (var i = 0; i < _backends.Count; i++)
        {
            var registration = _backends[i].Registration($"app{i}.snapshot.test");
            registration.Tags = new Dictionary<string, string> { ["component"] = "route-emitter" };
            registration.AvailabilityZone = "z" + i;
            await _client.RegisterAsync(registration);
        }

        await Eventually.Until("routes registered", () => router.RouteTable.RouteCount == _backends.Count);
    }
}
