using System.Globalization;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// The router stopped with SIGTERM and started again under steady requests to 1,000 routes whose emitters stay silent
/// through the restart (they heartbeat every 20 s): with <c>route_snapshot_file</c> the new router answers no 404 from
/// its first request; without it, every route answers 404 until its emitter registers it again
/// (docs/operations.md "Restarts without a 404 window").
/// </summary>
public sealed class RestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Routes = 1000;
    private const int RequestsAfterHealthy = 2000;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "router-restart-" + Guid.NewGuid().ToString("N"));
    private readonly List<TestBackend> _backends = [];
    private MessageBus _bus = null!;

    private string SnapshotPath => Path.Combine(_folder, "routes.snapshot");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _bus = await MessageBus.StartAsync();
        for (var i = 0; i < 4; i++)
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

        await _bus.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Sigterm_ThenStartWithSnapshot_NoRequestAnswered404()
    {
        var (ok, notFound, restored, description) = await RestartUnderLoadAsync(snapshot: true);

        output.WriteLine("snapshot on: " + description);
        Assert.Equal(0, notFound);
        Assert.Equal(Routes, restored);
        Assert.True(ok >= RequestsAfterHealthy, description);
    }

    [Fact]
    public async Task Sigterm_ThenStartWithoutSnapshot_Answers404UntilRoutesRegisterAgain()
    {
        var (_, notFound, _, description) = await RestartUnderLoadAsync(snapshot: false);

        output.WriteLine("snapshot off: " + description);
        Assert.True(notFound > 0, description);
    }

    /// <summary>
    /// What the restarted router answered, from its first answer until <see cref="RequestsAfterHealthy"/> more, and
    /// its <c>route_snapshot_restored_endpoints</c>.
    /// </summary>
    private async Task<(int Ok, int NotFound, double Restored, string Description)> RestartUnderLoadAsync(bool snapshot)
    {
        var options = new RouterProcessOptions
        {
            Nats = _bus.Server,
            ExtraYaml = snapshot ? $"route_snapshot_file: {SnapshotPath}" : "",
        };
        var hosts = Enumerable.Range(0, Routes).Select(i => string.Create(CultureInfo.InvariantCulture, $"app{i}.restart.test")).ToList();
        var first = await RouterProcess.StartAsync(options, output);
        RouterProcess? second = null;
        try
        {
            foreach (var (host, i) in hosts.Select((h, i) => (h, i)))
            {
                await _bus.Emitter.RegisterAsync(_backends[i % _backends.Count].Registration(host));
            }

            await Eventually.Until("every route registered", async () => (await first.ScrapeAsync()).Value("total_routes") == Routes);
            await using var requests = new SteadyRequests(hosts, first.ProxyPort);
            await Eventually.Until("steady requests flowing", () => requests.Ok > 100);

            first.SendSignal(Signals.SigTerm);
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            second = await RouterProcess.StartAsync(options with { WaitUntilHealthy = false }, output);
            requests.CountFrom(second.ProxyPort);
            await second.WaitUntilHealthyAsync();
            var target = requests.Ok + requests.NotFound + RequestsAfterHealthy;
            await Eventually.Until("requests answered after the restart", () => requests.Ok + requests.NotFound >= target, TimeSpan.FromSeconds(30));
            Assert.Equal(0, requests.Other);
            var restored = (await second.ScrapeAsync()).Value("route_snapshot_restored_endpoints");
            return (requests.Ok, requests.NotFound, restored, requests.Describe());
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }
}
