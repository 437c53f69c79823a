using RouteEmitterClient.Tests.Infrastructure;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace RouteEmitterClient.Tests;

public sealed class RouteEmitterHeartbeatTests(ITestOutputHelper output)
{
    private readonly CapturingLoggerFactory _logs = new(output);

    [Fact]
    public async Task StartAsync_GreetAnswered_HeartbeatsAtTheRoutersInterval()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var probe = await NatsProbe.StartAsync(server, TestOptions.Start(intervalSeconds: 1));
        await using var emitter = new RouteEmitter(TestOptions.For(server, _logs, "beat.example.com"));

        await emitter.StartAsync();

        Assert.Equal(TimeSpan.FromSeconds(1), emitter.RegisterInterval);

        // The default interval is 30 s: three registrations within a few seconds can only come from the answer.
        await Eventually.Until("three registrations arrived", () => probe.Count(NatsSubjects.Register) >= 3, TimeSpan.FromSeconds(6));
        var stamps = probe.Messages(NatsSubjects.Register).Select(m => m.GetProperty("endpoint_updated_at_ns").GetInt64()).Distinct();
        Assert.Single(stamps);
        Assert.True(_logs.Logged("route-heartbeat"));
    }

    [Fact]
    public async Task StartAsync_NoRouterAnswers_KeepsTheDefaultInterval()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var probe = await NatsProbe.StartAsync(server);
        await using var emitter = new RouteEmitter(TestOptions.For(server, _logs, "quiet.example.com"));

        await emitter.StartAsync();

        Assert.Equal(TimeSpan.FromSeconds(30), emitter.RegisterInterval);
        Assert.True(_logs.Logged("router-greet-unanswered"));
        await Eventually.Until("the registration arrived", () => probe.Count(NatsSubjects.Register) == 1);
    }

    [Fact]
    public async Task RouterStart_LaterBroadcast_AdoptsTheNewIntervalAndRegistersAtOnce()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var probe = await NatsProbe.StartAsync(server, TestOptions.Start(intervalSeconds: 20));
        await using var emitter = new RouteEmitter(TestOptions.For(server, _logs, "adopt.example.com"));
        await emitter.StartAsync();
        Assert.Equal(TimeSpan.FromSeconds(20), emitter.RegisterInterval);
        await Eventually.Until("the first registration arrived", () => probe.Count(NatsSubjects.Register) == 1);

        await probe.BroadcastStartAsync(TestOptions.Start(intervalSeconds: 1));

        await Eventually.Until("the interval became 1 s", () => emitter.RegisterInterval == TimeSpan.FromSeconds(1));

        // One at once for the starting router, then heartbeats at 1 s; at 20 s there would be just the one.
        await Eventually.Until("four registrations arrived", () => probe.Count(NatsSubjects.Register) >= 4, TimeSpan.FromSeconds(6));
        Assert.True(_logs.Logged("registering-route", "(RouterStart)"));
    }

    [Fact]
    public async Task NatsServerRestart_RegistersAgainAtOnceAndGreetsAgain()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        var options = TestOptions.For(server, _logs, "restart.example.com");

        // The emitter waits 3 s between reconnect attempts, the probe 20 ms. The server comes back only after the
        // emitter's first attempt has failed, and the probe is listening again (its subscriptions restored) before the
        // emitter's next attempt, so the registration the reconnect triggers cannot pass the probe by.
        options.NatsReconnectWait = TimeSpan.FromSeconds(3);
        await using var emitter = new RouteEmitter(options);
        var probe = await NatsProbe.StartAsync(server, TestOptions.Start(intervalSeconds: 20));
        try
        {
            await emitter.StartAsync();
            await Eventually.Until("the first registration arrived", () => probe.Count(NatsSubjects.Register) == 1);
            Assert.Equal(1, probe.Greets);

            await server.StopAsync();
            await Eventually.Until("the emitter's first reconnect attempt failed", () => _logs.Logged("nats-connection-attempt-failed"));
            await server.StartAsync();
            await Eventually.Until("the probe reconnected", () => probe.Connection.ConnectionState == NATS.Client.Core.NatsConnectionState.Open, TimeSpan.FromSeconds(10));
            await probe.Connection.PingAsync();

            // With a 20 s interval, a registration within seconds is the one made because of the reconnect.
            await Eventually.Until("the emitter registered again", () => probe.Count(NatsSubjects.Register) >= 2, TimeSpan.FromSeconds(10));
            await Eventually.Until("the emitter greeted again", () => probe.Greets >= 2);
            Assert.True(_logs.Logged("registering-route", "(Reconnect)"));
        }
        finally
        {
            await probe.DisposeAsync();
        }
    }
}
