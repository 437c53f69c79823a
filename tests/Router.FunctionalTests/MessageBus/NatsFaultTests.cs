using System.Collections;
using System.Text;
using NATS.Client.Core;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests.MessageBus;

/// <summary>
/// A NATS server that misbehaves towards the router, played by a relay between the router and a real nats-server:
/// garbage, an impossible frame, silence. A garbage line is logged and skipped by the client;
/// for the others the router drops that connection, reconnects (counting both in <c>nats_disconnects</c> and
/// <c>nats_reconnects</c>), publishes <c>router.start</c> again and keeps every route it had.
/// </summary>
public sealed class NatsFaultTests(ITestOutputHelper output)
{
    private const int RouteCount = 10;

    [Fact]
    public async Task GarbageFromServer_LineSkipped_RegistrationsGoOnKeepsRoutes()
    {
        await using var setup = await FaultSetup.StartAsync(output);

        await setup.Relay.InjectToClientsAsync(Encoding.ASCII.GetBytes("THIS IS NOT NATS\r\n"));

        await setup.AssertRoutesKeptAndNewOneLearnedAsync("after-garbage.fault.test");
        Assert.True(setup.Router.Host.IsMessageBusConnected);
    }

    [Fact]
    public async Task OversizedFrameFromServer_RouterReconnects_KeepsRoutes()
    {
        await using var setup = await FaultSetup.StartAsync(output);

        // A frame that announces 2 GB, above any payload a client accepts (64 MB): refused before it is buffered.
        await setup.Relay.InjectToClientsAsync(Encoding.ASCII.GetBytes("MSG router.register 1 2000000000\r\n"));

        await setup.AssertReconnectedWithRoutesAsync("after-oversized.fault.test");
    }

    [Fact]
    public async Task ServerStalls_RouterNoticesByPing_Reconnects_KeepsRoutes()
    {
        await using var setup = await FaultSetup.StartAsync(output);

        setup.Relay.StallServerToClients();

        await setup.AssertReconnectedWithRoutesAsync("after-stall.fault.test");
    }

    [Fact]
    public async Task Start_CredentialsRefused_FailsToConnect()
    {
        await using var nats = await NatsServerProcess.StartNewAsync("--user", "router", "--pass", "right");

        await Assert.ThrowsAnyAsync<NatsException>(() => RouterTestEnvironment.StartAsync(
            nats: nats, output: output, environment: new Hashtable { ["ROUTER_NATS__USER"] = "router", ["ROUTER_NATS__PASS"] = "wrong" }));
    }

    [Fact]
    public async Task Start_CredentialsAccepted_AppliesRegistrations()
    {
        await using var nats = await NatsServerProcess.StartNewAsync("--user", "router", "--pass", "right");
        await using var router = await RouterTestEnvironment.StartAsync(
            nats: nats, output: output, environment: new Hashtable { ["ROUTER_NATS__USER"] = "router", ["ROUTER_NATS__PASS"] = "right" });
        await using var emitter = new NatsConnection(new NatsOpts { Url = $"nats://router:right@127.0.0.1:{nats.Port}", Name = "emitter" });
        await using var backend = await TestBackend.StartAsync("authenticated");

        await emitter.PublishAsync(NatsSubjects.Register, RegistrationMessageParser.Serialize(backend.Registration("auth.fault.test")));

        await Eventually.Until("route registered", () => router.RouteTable.Lookup("auth.fault.test", "/") is not null);
    }

    /// <summary>nats-server, a relay in front of it for the router, an emitter on the server directly, and routes.</summary>
    private sealed class FaultSetup : IAsyncDisposable
    {
        private INatsSub<byte[]> _starts = null!;
        private int _startsSeen;

        public NatsServerProcess Nats { get; private init; } = null!;

        public TcpRelay Relay { get; private init; } = null!;

        public RouterTestEnvironment Router { get; private set; } = null!;

        public NatsTestClient Emitter { get; private set; } = null!;

        public TestBackend Backend { get; private set; } = null!;

        public static async Task<FaultSetup> StartAsync(ITestOutputHelper output)
        {
            var nats = await NatsServerProcess.StartNewAsync();
            var setup = new FaultSetup { Nats = nats, Relay = TcpRelay.Start(nats.Port) };
            setup.Emitter = await NatsTestClient.ConnectAsync(nats);
            setup._starts = await setup.Emitter.Connection.SubscribeCoreAsync<byte[]>(NatsSubjects.Start);
            await setup.Emitter.Connection.PingAsync();
            setup.Router = await RouterTestEnvironment.StartAsync(
                "nats_client_ping_interval: 200ms\nsuspend_pruning_if_nats_unavailable: true", nats: nats, output: output, natsRelay: setup.Relay);
            setup.Backend = await TestBackend.StartAsync("fault");
            for (var i = 0; i < RouteCount; i++)
            {
                await setup.Emitter.RegisterAsync(setup.Backend.Registration($"app{i}.fault.test"));
            }

            await Eventually.Until("routes registered", () => setup.Router.RouteTable.RouteCount == RouteCount);
            await setup.WaitForStartsAsync(1);
            return setup;
        }

        /// <summary>
        /// The router published router.start again (it reconnected), still has every route, and a registration
        /// published now reaches it.
        /// </summary>
        public async Task AssertReconnectedWithRoutesAsync(string newRoute)
        {
            await WaitForStartsAsync(2);
            await AssertRoutesKeptAndNewOneLearnedAsync(newRoute);

            // One lost connection, one reconnect, each counted once.
            var scrape = await MetricsScrape.FetchAsync(Router.MetricsPort);
            Assert.Equal(1, scrape.Value("nats_disconnects"));
            Assert.Equal(1, scrape.Value("nats_reconnects"));
        }

        /// <summary>The router still has every route, and a registration published now reaches it.</summary>
        public async Task AssertRoutesKeptAndNewOneLearnedAsync(string newRoute)
        {
            for (var i = 0; i < RouteCount; i++)
            {
                Assert.NotNull(Router.RouteTable.Lookup($"app{i}.fault.test", "/"));
            }

            await Emitter.RegisterAsync(Backend.Registration(newRoute));
            await Eventually.Until($"{newRoute} registered", () => Router.RouteTable.Lookup(newRoute, "/") is not null);
            using var response = await Router.GetAsync("app0.fault.test");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        public async ValueTask DisposeAsync()
        {
            await Router.DisposeAsync();
            await Relay.DisposeAsync();
            await _starts.DisposeAsync();
            await Emitter.DisposeAsync();
            await Backend.DisposeAsync();
            await Nats.DisposeAsync();
        }

        private Task WaitForStartsAsync(int count) => Eventually.Until($"router.start number {count}", async () =>
        {
            while (_starts.Msgs.TryRead(out _))
            {
                _startsSeen++;
            }

            if (_startsSeen < count)
            {
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
                try
                {
                    await _starts.Msgs.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    // Not yet; asked again.
                }
            }

            return _startsSeen >= count;
        }, TimeSpan.FromSeconds(20));
    }
}
