using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests.MessageBus;

/// <summary>
/// A registration burst that outruns the route table: with a subscription that holds only a few messages, the router
/// drops the newest, counts every one it dropped, and its table fills in from the heartbeats that follow.
/// </summary>
public sealed class SlowConsumerTests(ITestOutputHelper output)
{
    private const int PendingLimit = 8;
    private const int Routes = 3_000;

    [Fact]
    public async Task Burst_PendingLimitTiny_EveryMessageAppliedOrCountedDropped_HeartbeatsFillTable()
    {
        await using var nats = await NatsServerProcess.StartNewAsync();
        await using var emitter = await NatsTestClient.ConnectAsync(nats);
        await using var router = await RouterTestEnvironment.StartAsync(nats: nats, output: output, natsPendingMessageLimit: PendingLimit);
        var messages = Enumerable.Range(0, Routes).Select(Registration).ToArray();

        // The whole burst in one go: the socket reader takes in thousands of messages while the subscriber applies a
        // few, so all but a handful beyond the limit are dropped.
        foreach (var message in messages)
        {
            await emitter.Connection.PublishAsync(NatsSubjects.Register, message);
        }

        await emitter.Connection.PingAsync();
        long Dropped() => router.Host.Metrics.TotalDroppedMessages?.Invoke() ?? 0;
        await Eventually.Until(
            "every message of the burst applied or counted as dropped",
            () => router.RouteTable.RouteCount + Dropped() == Routes && router.Host.Metrics.BufferedMessages?.Invoke() == 0,
            TimeSpan.FromSeconds(30));
        var dropped = Dropped();
        output.WriteLine($"burst of {Routes}: {router.RouteTable.RouteCount} applied, {dropped} dropped");
        Assert.True(dropped > 0, "the burst outran a subscription of 8 messages without a drop");
        var scrape = await MetricsScrape.FetchAsync(router.MetricsPort);
        Assert.Equal(dropped, scrape.Value("total_dropped_messages"));

        // Heartbeats, a few at a time as emitters spread them: every pass fills in some of what is missing.
        await Eventually.Until("heartbeats filled the table", async () =>
        {
            for (var i = 0; i < Routes; i++)
            {
                if (router.RouteTable.Lookup(Host(i), "/") is null)
                {
                    await emitter.Connection.PublishAsync(NatsSubjects.Register, messages[i]);
                    if (i % PendingLimit == 0)
                    {
                        await emitter.Connection.PingAsync();
                    }
                }
            }

            await emitter.Connection.PingAsync();
            return router.RouteTable.RouteCount == Routes;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal(Routes, router.RouteTable.EndpointCount);
    }

    private static string Host(int route) => $"r{route}.slow.test";

    private static byte[] Registration(int route) => RegistrationMessageParser.Serialize(new RegistrationMessage
    {
        Host = "127.0.0.1",
        Port = 20000 + (route % 1000),
        Uris = [Host(route)],
        PrivateInstanceId = $"instance-{route}",
        PrivateInstanceIndex = "0",
    });
}
