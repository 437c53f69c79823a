using System.Net;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests.MessageBus;

/// <summary>
/// Availability-zone preference and hash routing end to end: Kestrel backends registered over a real nats-server,
/// requests through the router, counts per backend (docs/load-balancing.md).
/// </summary>
public sealed class BalancingOverNatsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string TenantHeader = "X-Tenant";
    private NatsServerProcess _nats = null!;
    private NatsTestClient _client = null!;
    private readonly List<TestBackend> _backends = [];

    public async Task InitializeAsync()
    {
        _nats = await NatsServerProcess.StartNewAsync();
        _client = await NatsTestClient.ConnectAsync(_nats);
    }

    public async Task DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        await _client.DisposeAsync();
        await _nats.DisposeAsync();
    }

    [Theory]
    [InlineData("round-robin")]
    [InlineData("least-connection")]
    public async Task LocallyOptimistic_LocalBackendsRegistered_TakeEveryRequest(string algorithm)
    {
        await using var router = await RouterTestEnvironment.StartAsync(
            $"zone: z1\nbalancing_algorithm_az_preference: locally-optimistic\nbalancing_algorithm: {algorithm}", nats: _nats, output: output);
        var zones = new[] { "z1", "z2", "z1", "z2" };
        await RegisterAsync(router, "az.test", zones, static (_, _) => { });

        for (var i = 0; i < 100; i++)
        {
            using var response = await router.GetAsync("az.test");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(100, _backends[0].RequestCount + _backends[2].RequestCount);
        Assert.Equal(0, _backends[1].RequestCount + _backends[3].RequestCount);
        Assert.InRange(_backends[0].RequestCount, 20, 80);
    }

    [Fact]
    public async Task LocallyOptimistic_LocalBackendsUnregistered_OtherZoneServes()
    {
        await using var router = await RouterTestEnvironment.StartAsync(
            "zone: z1\nbalancing_algorithm_az_preference: locally-optimistic", nats: _nats, output: output);
        await RegisterAsync(router, "az.test", ["z1", "z2"], static (_, _) => { });
        await _client.UnregisterAsync(Registration(_backends[0], "z1", "az.test"));
        await Eventually.Until("local endpoint gone", () => router.RouteTable.Lookup("az.test", "/")?.Count == 1);

        for (var i = 0; i < 10; i++)
        {
            using var response = await router.GetAsync("az.test");
            Assert.Equal("b1", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task NoZonePreference_RequestsSpreadOverEveryZone()
    {
        await using var router = await RouterTestEnvironment.StartAsync("zone: z1", nats: _nats, output: output);
        await RegisterAsync(router, "az.test", ["z1", "z2", "z1", "z2"], static (_, _) => { });

        for (var i = 0; i < 100; i++)
        {
            using var response = await router.GetAsync("az.test");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(_backends, backend => Assert.Equal(25, backend.RequestCount));
    }

    [Fact]
    public async Task Hash_SameTenant_AlwaysSameBackendAndTenantsSpread()
    {
        await using var router = await RouterTestEnvironment.StartAsync(nats: _nats, output: output);
        await RegisterAsync(router, "hash.test", ["", "", ""], HashOptions);
        var backendOf = new Dictionary<string, string>();

        for (var round = 0; round < 5; round++)
        {
            for (var tenant = 0; tenant < 30; tenant++)
            {
                var name = await GetBodyAsync(router, "hash.test", "tenant-" + tenant);
                Assert.Equal(backendOf.GetValueOrDefault("tenant-" + tenant, name), name);
                backendOf["tenant-" + tenant] = name;
            }
        }

        // 30 tenants over three backends: each backend serves some of them, every time the same ones.
        Assert.Equal(3, backendOf.Values.Distinct().Count());
        Assert.Equal(150, _backends.Sum(b => b.RequestCount));
    }

    [Fact]
    public async Task Hash_HeaderMissing_DefaultAlgorithmSpreadsRequests()
    {
        await using var router = await RouterTestEnvironment.StartAsync(nats: _nats, output: output);
        await RegisterAsync(router, "hash.test", ["", "", ""], HashOptions);

        for (var i = 0; i < 30; i++)
        {
            using var response = await router.GetAsync("hash.test");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(_backends, backend => Assert.Equal(10, backend.RequestCount));
    }

    [Fact]
    public async Task Hash_OneMegabyteHeader_HashedAndForwarded()
    {
        await using var router = await RouterTestEnvironment.StartAsync(nats: _nats, output: output);
        await RegisterAsync(router, "hash.test", ["", ""], HashOptions);
        var huge = new string('t', 1_000_000);

        // Under the router's 1 MiB header limit the value is hashed and the request forwarded; the backend's own
        // Kestrel limit (32 KiB) answers 431, so the answer carries no X-Cf-Routererror.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "hash.test";
        request.Headers.Add(TenantHeader, huge);
        using var response = await router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Cf-Routererror"));
        Assert.Contains(await GetBodyAsync(router, "hash.test", "tenant-a"), new[] { "b0", "b1" });
    }

    [Fact]
    public async Task Hash_UnknownAlgorithmRegistered_CountedAndRouteStillServes()
    {
        await using var router = await RouterTestEnvironment.StartAsync(nats: _nats, output: output);
        await RegisterAsync(router, "odd.test", [""], static (options, _) => options.LoadBalancing = "consistent-hash");

        using var response = await router.GetAsync("odd.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.Until(
            "invalid registration counted",
            async () => (await MetricsScrape.FetchAsync(router.MetricsPort)).Value("registry_message_invalid") >= 1);
    }

    private static void HashOptions(RegistrationMessageOptions options, int index)
    {
        options.LoadBalancing = "hash";
        options.HashHeader = TenantHeader;
    }

    private static async Task<string> GetBodyAsync(RouterTestEnvironment router, string host, string tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;
        request.Headers.Add(TenantHeader, tenant);
        using var response = await router.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task RegisterAsync(RouterTestEnvironment router, string uri, string[] zones, Action<RegistrationMessageOptions, int> options)
    {
        for (var i = 0; i < zones.Length; i++)
        {
            var backend = await TestBackend.StartAsync("b" + i);
            _backends.Add(backend);
            var message = Registration(backend, zones[i], uri);
            options(message.Options, i);
            await _client.RegisterAsync(message);
        }

        await Eventually.Until("endpoints registered", () => router.RouteTable.Lookup(uri, "/")?.Count == zones.Length);
    }

    private static RegistrationMessage Registration(TestBackend backend, string zone, string uri)
    {
        var message = backend.Registration(uri);
        message.AvailabilityZone = zone;
        return message;
    }
}
