using System.Globalization;
using System.Net;
using System.Text.Json;
using Router.ProcessTests.Infrastructure;
using RouteMessages;

namespace Router.ProcessTests;

/// <summary><c>/routes</c> (docs/gorouter-compatibility.md §2.7, §8.2): Basic auth, the route table as registered over NATS, loopback only.</summary>
public sealed class RoutesEndpointTests(RoutesEndpointTests.RouterFixture fixture) : IClassFixture<RoutesEndpointTests.RouterFixture>
{
    [Theory]
    [InlineData(null, null)]
    [InlineData(RouterProcess.StatusUser, "wrong")]
    [InlineData("someone-else", RouterFixture.Pass)]
    [InlineData(RouterProcess.StatusUser, "")]
    public async Task Routes_MissingOrWrongCredentials_401WithBasicChallenge(string? user, string? pass)
    {
        using var response = await fixture.Router.GetRoutesAsync(user, pass);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("401 Unauthorized\n", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.ConnectionClose, "/routes must close the connection after answering");
    }

    [Fact]
    public async Task Routes_RightCredentials_ListsEndpointsAsRegisteredOverNats()
    {
        var plain = new RegistrationMessage
        {
            Host = "127.0.0.1",
            Port = 61001,
            Uris = ["Routes.Test", "routes.test/api/"],
            App = "app-guid-1",
            PrivateInstanceId = "instance-1",
            PrivateInstanceIndex = "0",
            AvailabilityZone = "z1",
            StaleThresholdInSeconds = 60,
            Tags = new() { ["component"] = "route-emitter", ["process_id"] = "process-1" },
        };
        var tls = new RegistrationMessage
        {
            Host = "127.0.0.1",
            Port = 61002,
            TlsPort = 61003,
            Uris = ["routes.test"],
            App = "app-guid-2",
            PrivateInstanceId = "instance-2",
            PrivateInstanceIndex = "1",
            ServerCertDomainSan = "instance-2",
            IsolationSegment = "segment-1",
            Options = new RegistrationMessageOptions { LoadBalancing = "least-connection" },
        };
        await fixture.Bus.Emitter.RegisterAsync(plain);
        await fixture.Bus.RegisterAndWaitAsync(fixture.Router, tls);
        await fixture.Router.WaitForRouteAsync("routes.test/api", "127.0.0.1:61001");

        using var response = await fixture.Router.GetRoutesAsync(RouterProcess.StatusUser, RouterFixture.Pass);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.ConnectionClose, "/routes must close the connection after answering");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        var root1 = root.GetProperty("routes.test").EnumerateArray().ToList();
        Assert.Equal(2, root1.Count);
        var plainEndpoint = Assert.Single(root1, e => e.GetProperty("address").GetString() == "127.0.0.1:61001");
        AssertPlainEndpoint(plainEndpoint);
        var tlsEndpoint = Assert.Single(root1, e => e.GetProperty("address").GetString() == "127.0.0.1:61003");
        Assert.True(tlsEndpoint.GetProperty("tls").GetBoolean());
        Assert.Equal(120, tlsEndpoint.GetProperty("ttl").GetInt32());
        Assert.Equal("http1", tlsEndpoint.GetProperty("protocol").GetString());
        Assert.Equal("instance-2", tlsEndpoint.GetProperty("private_instance_id").GetString());
        Assert.Equal("instance-2", tlsEndpoint.GetProperty("server_cert_domain_san").GetString());
        Assert.Equal("segment-1", tlsEndpoint.GetProperty("isolation_segment").GetString());
        Assert.Equal("least-connection", tlsEndpoint.GetProperty("load_balancing_algorithm").GetString());
        Assert.Empty(tlsEndpoint.GetProperty("tags").EnumerateObject());

        AssertPlainEndpoint(Assert.Single(root.GetProperty("routes.test/api").EnumerateArray()));
    }

    [Fact]
    public void Routes_DefaultHost_ListensOnLoopbackOnly()
    {
        var addresses = ListeningAddresses(fixture.Router.RoutesPort);

        Assert.Equal(["127.0.0.1"], addresses);
    }

    private static void AssertPlainEndpoint(JsonElement endpoint)
    {
        Assert.Equal(
            ["address", "availability_zone", "private_instance_id", "protocol", "tags", "tls", "ttl"],
            endpoint.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("127.0.0.1:61001", endpoint.GetProperty("address").GetString());
        Assert.Equal("z1", endpoint.GetProperty("availability_zone").GetString());
        Assert.Equal("http1", endpoint.GetProperty("protocol").GetString());
        Assert.False(endpoint.GetProperty("tls").GetBoolean());
        Assert.Equal(60, endpoint.GetProperty("ttl").GetInt32());
        Assert.Equal("instance-1", endpoint.GetProperty("private_instance_id").GetString());
        var tags = endpoint.GetProperty("tags");
        Assert.Equal("route-emitter", tags.GetProperty("component").GetString());
        Assert.Equal("process-1", tags.GetProperty("process_id").GetString());
        Assert.Equal(2, tags.EnumerateObject().Count());
    }

    /// <summary>Local addresses of the sockets listening on <paramref name="port"/>, from the kernel's socket tables.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        const string Listen = "0A";
        var addresses = new List<string>();
        foreach (var (table, ipv6) in (ReadOnlySpan<(string, bool)>)[("/proc/net/tcp", false), ("/proc/net/tcp6", true)])
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] == Listen && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    addresses.Add(ParseAddress(local[0], ipv6).ToString());
                }
            }
        }

        return addresses;
    }

    /// <summary>The kernel writes addresses as 32-bit words in host (little-endian) order.</summary>
    private static IPAddress ParseAddress(string hex, bool ipv6)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(ipv6 ? bytes : bytes[..4]);
    }

    /// <summary>One nats-server and one router process shared by the tests of this class.</summary>
    public sealed class RouterFixture : IAsyncLifetime
    {
        public const string Pass = "routes-secret";

        public MessageBus Bus { get; private set; } = null!;

        public RouterProcess Router { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Bus = await MessageBus.StartAsync();
            Router = await RouterProcess.StartAsync(new() { Nats = Bus.Server, StatusPass = Pass });
        }

        public async Task DisposeAsync()
        {
            if (Router is not null)
            {
                await Router.DisposeAsync();
            }

            await Bus.DisposeAsync();
        }
    }
}
