using System.Diagnostics;
using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.MessageBus;

public sealed class NatsOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NatsDownLongerThanStaleThreshold_NoRequestFailsNoRouteLost_NewRegistrationsHonored()
    {
        await using var nats = await NatsServerProcess.StartNewAsync();
        await using var client = await NatsTestClient.ConnectAsync(nats);
        await using var router = await RouterTestEnvironment.StartAsync(
            "droplet_stale_threshold: 2s\nprune_stale_droplets_interval: 500ms\nsuspend_pruning_if_nats_unavailable: true",
            nats: nats,
            output: output);
        await using var backend = await TestBackend.StartAsync("outage");
        await client.RegisterAsync(backend.Registration("outage.test"));
        await Eventually.Until("route registered", () => router.RouteTable.Lookup("outage.test", "/") is not null);

        using var stopTraffic = new CancellationTokenSource();

        // The emitter's heartbeat, as a real backend sends it; publishing waits while NATS is away, and like a real
        // emitter the loop goes on after a publish that failed as the connection went down.
        var heartbeat = Task.Run(async () =>
        {
            while (!stopTraffic.IsCancellationRequested)
            {
                try
                {
                    await client.Connection.PublishAsync(
                        RouteMessages.NatsSubjects.Register,
                        RouteMessages.RegistrationMessageParser.Serialize(backend.Registration("outage.test")),
                        cancellationToken: stopTraffic.Token);
                }
                catch (NATS.Client.Core.NatsException ex)
                {
                    output.WriteLine($"heartbeat publish failed: {ex.Message}");
                }

                await Task.Delay(500, stopTraffic.Token);
            }
        });
        var failures = 0;
        var served = 0;
        var traffic = Task.Run(async () =>
        {
            while (!stopTraffic.IsCancellationRequested)
            {
                using var response = await router.GetAsync("outage.test");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref served);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }

                await Task.Delay(20);
            }
        });

        await nats.StopAsync();
        await Eventually.Until("router sees NATS down", () => !router.Host.IsMessageBusConnected);

        // Stay down for well over the stale threshold plus a prune interval: without suspension the route
        // would be pruned in this time.
        var down = Stopwatch.StartNew();
        await Eventually.Until("outage outlasted the stale threshold", () => down.Elapsed > TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10));
        Assert.NotNull(router.RouteTable.Lookup("outage.test", "/"));

        await nats.StartAsync();
        await Eventually.Until("router reconnected", () => router.Host.IsMessageBusConnected, TimeSpan.FromSeconds(20));
        await using var late = await TestBackend.StartAsync("late");
        await Eventually.Until("test client reconnected", () => client.Connection.ConnectionState == NATS.Client.Core.NatsConnectionState.Open, TimeSpan.FromSeconds(20));
        await client.RegisterAsync(late.Registration("late.test"));
        await Eventually.Until("new registration honoured", () => router.RouteTable.Lookup("late.test", "/") is not null);

        // After the outage freshness was reset: the old route survives the next prune cycles too.
        var after = Stopwatch.StartNew();
        await Eventually.Until("a prune cycle passed after reconnect", () => after.Elapsed > TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        await stopTraffic.CancelAsync();
        await traffic;
        await heartbeat.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(0, failures);
        Assert.True(served > 0);
        Assert.NotNull(router.RouteTable.Lookup("outage.test", "/"));
        using var lateResponse = await router.GetAsync("late.test");
        Assert.Equal("late", await lateResponse.Content.ReadAsStringAsync());
    }
}
