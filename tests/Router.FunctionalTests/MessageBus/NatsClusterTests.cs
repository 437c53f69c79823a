using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.MessageBus;

/// <summary>
/// Many routers on one NATS cluster (docs/scaling.md): two routers on different nodes of a three-node cluster learn
/// the same routes from emitters on the third, and keep serving when a node goes away and comes back.
/// </summary>
public sealed class NatsClusterTests(ITestOutputHelper output)
{
    private const int RouteCount = 20;

    [Fact]
    public async Task NodeKilledUnderTraffic_RoutersMoveToSurvivingNode_NoRequestFailsNoRouteLost()
    {
        await using var cluster = await NatsCluster.StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);

        // Each router lists every node, its own first, as an operator writes nats.hosts.
        await using var first = await RouterTestEnvironment.StartAsync(nats: a, natsHosts: [b, c], output: output);
        await using var second = await RouterTestEnvironment.StartAsync(nats: b, natsHosts: [c, a], output: output);
        await using var emitter = await NatsTestClient.ConnectAsync(c);
        await using var backend = await TestBackend.StartAsync("clustered");
        for (var i = 0; i < RouteCount; i++)
        {
            await emitter.RegisterAsync(backend.Registration($"app{i}.cluster.test"));
        }

        await Eventually.Until("both routers have every route", () =>
            first.RouteTable.RouteCount == RouteCount && second.RouteTable.RouteCount == RouteCount);
        Assert.Equal(await first.GetRoutesJsonAsync(), await second.GetRoutesJsonAsync());

        using var stopTraffic = new CancellationTokenSource();
        var traffic = Task.WhenAll(SendUntilStoppedAsync(first, stopTraffic.Token), SendUntilStoppedAsync(second, stopTraffic.Token));

        // The first router's node goes away: it moves to a surviving node, and what the emitter publishes from now
        // on reaches it there.
        await a.StopAsync();
        await HeartbeatUntilBothHaveAsync(emitter, backend, "after-kill.cluster.test", first, second);

        // The node comes back and rejoins; nothing changes for the routers.
        await a.StartAsync();
        await cluster.WaitUntilMeshedAsync();
        await HeartbeatUntilBothHaveAsync(emitter, backend, "after-restart.cluster.test", first, second);

        await stopTraffic.CancelAsync();
        var sent = await traffic;
        output.WriteLine($"requests: {sent[0]} through the first router, {sent[1]} through the second");
        Assert.True(sent[0] > 0 && sent[1] > 0);
        Assert.Equal(RouteCount + 2, first.RouteTable.RouteCount);
        Assert.Equal(await first.GetRoutesJsonAsync(), await second.GetRoutesJsonAsync());
        Assert.Equal(0, first.Host.Metrics.TotalDroppedMessages?.Invoke() ?? 0);
        Assert.Equal(0, second.Host.Metrics.TotalDroppedMessages?.Invoke() ?? 0);
    }

    [Fact]
    public async Task NodeKilledMidBurst_RouterKeepsWhatItHad_NextHeartbeatCompletesIt()
    {
        const int BurstSize = 2_000;
        await using var cluster = await NatsCluster.StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        await using var first = await RouterTestEnvironment.StartAsync(nats: a, natsHosts: [b, c], output: output);
        await using var second = await RouterTestEnvironment.StartAsync(nats: b, natsHosts: [c, a], output: output);
        await using var emitter = await NatsTestClient.ConnectAsync(c);
        await using var backend = await TestBackend.StartAsync("burst");
        var bodies = Enumerable.Range(0, BurstSize)
            .Select(i => RouteMessages.RegistrationMessageParser.Serialize(backend.Registration($"b{i}.burst.test")))
            .ToArray();

        // The first router's node goes away half-way through a burst.
        for (var i = 0; i < BurstSize; i++)
        {
            if (i == BurstSize / 2)
            {
                await emitter.Connection.PingAsync();
                await a.StopAsync();
            }

            await emitter.Connection.PublishAsync(RouteMessages.NatsSubjects.Register, bodies[i]);
        }

        await emitter.Connection.PingAsync();
        await Eventually.Until("the second router has the whole burst", () => second.RouteTable.RouteCount == BurstSize);
        var kept = first.RouteTable.RouteCount;
        output.WriteLine($"the first router had {kept} routes right after the burst");

        // The next heartbeat of every emitter brings the first router the rest, on its new node.
        await Eventually.Until("the first router has the whole burst after a heartbeat", async () =>
        {
            foreach (var body in bodies)
            {
                await emitter.Connection.PublishAsync(RouteMessages.NatsSubjects.Register, body);
            }

            await emitter.Connection.PingAsync();
            return first.RouteTable.RouteCount == BurstSize;
        }, TimeSpan.FromSeconds(20));

        Assert.True(first.RouteTable.RouteCount >= kept);
        Assert.Equal(await first.GetRoutesJsonAsync(), await second.GetRoutesJsonAsync());
        Assert.Equal(0, first.Host.Metrics.TotalDroppedMessages?.Invoke() ?? 0);
    }

    /// <summary>
    /// Publishes the registration again and again, as an emitter's heartbeat does, until both routers have it: a
    /// router that is still moving to another node misses what is published meanwhile, as with Gorouter.
    /// </summary>
    private static Task HeartbeatUntilBothHaveAsync(NatsTestClient emitter, TestBackend backend, string uri, RouterTestEnvironment first, RouterTestEnvironment second) =>
        Eventually.Until($"both routers learned {uri}", async () =>
        {
            await emitter.RegisterAsync(backend.Registration(uri));
            return first.RouteTable.Lookup(uri, "/") is not null && second.RouteTable.Lookup(uri, "/") is not null;
        }, TimeSpan.FromSeconds(20));

    /// <summary>Requests every route in turn until stopped; any answer but 200 fails the test at once.</summary>
    private static async Task<int> SendUntilStoppedAsync(RouterTestEnvironment router, CancellationToken stop)
    {
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            using var response = await router.GetAsync($"app{sent % RouteCount}.cluster.test");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent++;
        }

        return sent;
    }
}
