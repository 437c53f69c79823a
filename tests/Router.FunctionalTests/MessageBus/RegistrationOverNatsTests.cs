using System.Net;
using System.Text.Json;
using NATS.Client.Core;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests.MessageBus;

public sealed class RegistrationOverNatsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private NatsServerProcess _nats = null!;
    private NatsTestClient _client = null!;

    public async Task InitializeAsync()
    {
        _nats = await NatsServerProcess.StartNewAsync();
        _client = await NatsTestClient.ConnectAsync(_nats);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _nats.DisposeAsync();
    }

    [Fact]
    public async Task Register_OverNats_BecomesRoutable_Unregister_RemovesIt()
    {
        await using var router = await RouterTestEnvironment.StartAsync(nats: _nats, output: output);
        await using var backend = await TestBackend.StartAsync("nats-backend");

        await _client.RegisterAsync(backend.Registration("bus.test"));
        await Eventually.Until("route registered", () => router.RouteTable.Lookup("bus.test", "/") is not null);
        using (var response = await router.GetAsync("bus.test"))
        {
            Assert.Equal("nats-backend", await response.Content.ReadAsStringAsync());
        }

        await _client.UnregisterAsync(backend.Registration("bus.test"));
        await Eventually.Until("route unregistered", () => router.RouteTable.Lookup("bus.test", "/") is null);
        using var gone = await router.GetAsync("bus.test");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Greet_Request_AnsweredWithStartMessage()
    {
        await using var router = await RouterTestEnvironment.StartAsync(
            "droplet_stale_threshold: 90s", nats: _nats, output: output);

        var reply = await _client.Connection.RequestAsync<byte[]>(NatsSubjects.Greet, replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(10) });

        Assert.True(RegistrationMessageParser.TryParseStart(reply.Data, out var start));
        Assert.StartsWith("0-", start.Id, StringComparison.Ordinal);
        Assert.Equal(90, start.PruneThresholdInSeconds);
        Assert.Single(start.Hosts);
    }

    [Fact]
    public async Task RouterStart_PublishedAtStartAndAfterReconnect()
    {
        await using var subscription = await _client.Connection.SubscribeCoreAsync<byte[]>(NatsSubjects.Start);
        await _client.Connection.PingAsync();

        // The router reaches NATS through a relay, so its connection can be cut while the server and this test's
        // subscription stay up: the router.start it publishes after reconnecting cannot race the observer's own
        // reconnect, as it could if the server itself restarted.
        await using var relay = TcpRelay.Start(_nats.Port);
        await using var router = await RouterTestEnvironment.StartAsync(nats: _nats, output: output, natsRelay: relay);

        var first = await subscription.Msgs.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(RegistrationMessageParser.TryParseStart(first.Data, out var start));
        using var json = JsonDocument.Parse(first.Data);
        Assert.True(json.RootElement.TryGetProperty("minimumRegisterIntervalInSeconds", out _));
        Assert.True(json.RootElement.TryGetProperty("pruneThresholdInSeconds", out _));

        relay.Cut();
        await Eventually.Until("router sees NATS down", () => !router.Host.IsMessageBusConnected);
        relay.Restore();

        var again = await subscription.Msgs.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(RegistrationMessageParser.TryParseStart(again.Data, out var restart));
        Assert.Equal(start.Id, restart.Id);
    }

    [Fact]
    public async Task MalformedMessages_ThousandInARow_ChangeNothingAndRouterKeepsServing()
    {
        await using var router = await RouterTestEnvironment.StartAsync(nats: _nats, output: output);
        await using var backend = await TestBackend.StartAsync("steady");
        await _client.RegisterAsync(backend.Registration("steady.test"));
        await Eventually.Until("route registered", () => router.RouteTable.Lookup("steady.test", "/") is not null);
        var before = await router.GetRoutesJsonAsync();

        string[] malformed =
        [
            "{not json",
            """{"host":"127.0.0.1","port":8080,"uris":["bad.test"],"private_instance_index":0}""",
            """{"host":"127.0.0.1","port":70000,"uris":["bad.test"]}""",
            """{"host":"127.0.0.1","port":"8080","uris":["bad.test"]}""",
            """{"host":"127.0.0.1","port":8080,"uris":["bad.test"],"route_service_url":"http://rs.test"}""",
            """{"host":"127.0.0.1","port":8080,"uris":"bad.test"}""",
            "",
            "[1,2,3]",
        ];
        for (var i = 0; i < 1000; i++)
        {
            await _client.PublishRawAsync(i % 2 == 0 ? NatsSubjects.Register : NatsSubjects.Unregister, malformed[i % malformed.Length]);
        }

        await _client.Connection.PingAsync();
        await Eventually.Until("all malformed messages counted", async () =>
            (await MetricsScrape.FetchAsync(router.MetricsPort)).Value("registry_message_invalid") >= 1000);

        Assert.Equal(before, await router.GetRoutesJsonAsync());
        Assert.Null(router.RouteTable.Lookup("bad.test", "/"));
        using var response = await router.GetAsync("steady.test");
        Assert.Equal("steady", await response.Content.ReadAsStringAsync());
        Assert.Equal(1000, (await MetricsScrape.FetchAsync(router.MetricsPort)).Value("registry_message_invalid"));
    }

    [Fact]
    public async Task Route_NotRefreshedOverNats_IsPrunedAfterThreshold()
    {
        var clock = new ManualTimeProvider();
        await using var router = await RouterTestEnvironment.StartAsync(
            "droplet_stale_threshold: 60s\nprune_stale_droplets_interval: 10s", nats: _nats, timeProvider: clock, output: output);
        await using var backend = await TestBackend.StartAsync("once");
        await _client.RegisterAsync(backend.Registration("once.test"));
        await Eventually.Until("route registered", () => router.RouteTable.Lookup("once.test", "/") is not null);

        for (var elapsed = 0; elapsed < 80; elapsed += 10)
        {
            await Eventually.Until("pruner armed", () => clock.ActiveTimers > 0);
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        await Eventually.Until("route pruned", () => router.RouteTable.Lookup("once.test", "/") is null);
        Assert.True((await MetricsScrape.FetchAsync(router.MetricsPort)).Value("routes_pruned") >= 1);
    }

    [Fact]
    public async Task TwoRouters_OneNatsServer_EndWithIdenticalRouteTables()
    {
        await using var first = await RouterTestEnvironment.StartAsync(nats: _nats, output: output);
        await using var second = await RouterTestEnvironment.StartAsync(nats: _nats, output: output);
        await using var backend = await TestBackend.StartAsync("shared");

        for (var i = 0; i < 50; i++)
        {
            await _client.RegisterAsync(backend.Registration($"app{i}.shared.test", $"shared.test/path{i}"));
        }

        await _client.UnregisterAsync(backend.Registration("app7.shared.test"));
        await Eventually.Until("both routers have every route", () =>
            first.RouteTable.RouteCount == 99 && second.RouteTable.RouteCount == 99);

        Assert.Equal(await first.GetRoutesJsonAsync(), await second.GetRoutesJsonAsync());
    }
}
