using System.Net;
using NATS.Client.Core;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// nats-server's own slow-consumer rule turned on the router: the router process is stopped (SIGSTOP, as a host that
/// starves it would), a registration burst piles up in the server beyond its <c>max_pending</c>, and the server closes
/// the router's connection. Once running again the router reconnects, says <c>router.start</c>, keeps every route it
/// had, counts the disconnect and the reconnect, and learns the burst from the emitters' next heartbeat.
/// </summary>
public sealed class SlowConsumerDisconnectTests(ITestOutputHelper output)
{
    private const int Routes = 10;
    private const int BurstSize = 20_000;

    [Fact]
    public async Task RouterStalled_ServerDropsItAsSlowConsumer_ReconnectsKeepsRoutesLearnsBurst()
    {
        var config = Path.Combine(Path.GetTempPath(), $"nats-slow-consumer-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "max_pending: 1MB\nwrite_deadline: \"1s\"\n");
        try
        {
            await using var nats = await NatsServerProcess.StartNewAsync("-c", config);
            await using var backend = await TestBackend.StartAsync("slow-consumer");
            await using var emitter = new NatsConnection(new NatsOpts
            {
                Url = nats.Url,
                Name = "burst-emitter",
                // nats-server holds a publisher back for a moment while a subscriber lags.
                CommandTimeout = TimeSpan.FromSeconds(60),
            });
            await using var router = await RouterProcess.StartAsync(new() { Nats = nats, ExtraYaml = "nats_client_ping_interval: 1s\n" }, output);
            for (var i = 0; i < Routes; i++)
            {
                await emitter.PublishAsync(NatsSubjects.Register, RegistrationMessageParser.Serialize(backend.Registration(Host(i))));
            }

            await router.WaitForRouteAsync(Host(Routes - 1));
            var burst = Enumerable.Range(0, BurstSize)
                .Select(i => RegistrationMessageParser.Serialize(backend.Registration($"b{i}.burst.slow.test")))
                .ToArray();

            // The router stops reading: its socket buffer fills, then the server's, then the server's pending bytes.
            router.SendSignal(Signals.SigStop);
            try
            {
                foreach (var body in burst)
                {
                    await emitter.PublishAsync(NatsSubjects.Register, body);
                }

                await emitter.PingAsync();
                await Eventually.Until(
                    "nats-server closed the router's connection as a slow consumer",
                    () => nats.Output().Contains("Slow Consumer Detected", StringComparison.Ordinal),
                    TimeSpan.FromSeconds(30));
            }
            finally
            {
                router.SendSignal(Signals.SigCont);
            }

            await Eventually.Until("the router reconnected", async () =>
            {
                var scrape = await router.ScrapeAsync();
                return scrape.Value("nats_disconnects") >= 1 && scrape.Value("nats_reconnects") >= 1;
            }, TimeSpan.FromSeconds(30));

            using var client = HttpClients.Create();
            for (var i = 0; i < Routes; i++)
            {
                var answer = await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, Host(i)));
                Assert.Equal(HttpStatusCode.OK, answer.Status);
            }

            // What the server threw away comes back with the next heartbeat, as with Gorouter.
            await Eventually.Until("a heartbeat brought the whole burst", async () =>
            {
                foreach (var body in burst)
                {
                    await emitter.PublishAsync(NatsSubjects.Register, body);
                }

                await emitter.PingAsync();
                var scrape = await router.ScrapeAsync();
                return scrape.Value("total_routes") == Routes + BurstSize;
            }, TimeSpan.FromSeconds(60));
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static string Host(int i) => $"app{i}.slow.test";
}
