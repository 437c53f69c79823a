using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Endpoint identity, re-registration and per-route settings (docs/gorouter-compatibility.md §2.3, §2.4).</summary>
public sealed class RouteTableRegistrationTests
{
    [Fact]
    public void Register_OneMessageSeveralUris_EachRouteGetsItsOwnEndpoint()
    {
        var table = Table();

        var result = table.Register(Message("10.0.0.1", 8080, "app.test", "app.test/api", "other.test"));

        Assert.Equal(new RegistrationResult(3, 0, 0, 0), result);
        Assert.Equal(3, table.RouteCount);
        Assert.Equal(3, table.EndpointCount);
        var root = table.LookupOrThrow("app.test").Endpoints[0];
        var api = table.LookupOrThrow("app.test", "/api").Endpoints[0];
        Assert.NotSame(root, api);
        Assert.Equal(root.Address, api.Address);
    }

    [Fact]
    public void Register_TlsPort_ReplacesPortAndMarksTls()
    {
        var table = Table();
        var message = Message("10.0.1.11", 61002, "app.test");
        message.TlsPort = 61006;

        table.Register(message);

        var endpoint = table.LookupOrThrow("app.test").Endpoints[0];
        Assert.Equal(61006, endpoint.Port);
        Assert.True(endpoint.IsTls);
        Assert.Equal("10.0.1.11:61006", endpoint.Address);
        Assert.Equal("https://10.0.1.11:61006", endpoint.BaseUri);
    }

    [Fact]
    public void Register_PlainEndpoint_BaseUriIsHttp()
    {
        var table = Table();
        table.Register(Message("10.0.1.11", 61002, "app.test"));

        var endpoint = table.LookupOrThrow("app.test").Endpoints[0];
        Assert.False(endpoint.IsTls);
        Assert.Equal("http://10.0.1.11:61002", endpoint.BaseUri);
    }

    public static TheoryData<string, string, bool> BaseUriHosts { get; } = new()
    {
        { "fd00::1", "http://[fd00::1]:61002", true },
        { "[fd00::1]", "http://[fd00::1]:61002", true },
        { "backend.internal", "http://backend.internal:61002", true },
        { LongHost, $"http://{LongHost}:61002", false },
    };

    // Longer than Endpoint.FormatBufferLength, so its base URI cannot be written into a buffer of that size.
    private static string LongHost => new string('a', Endpoint.FormatBufferLength) + ".internal";

    [Theory]
    [MemberData(nameof(BaseUriHosts))]
    public void Register_AnyHost_FormattedBaseUriIsBaseUri(string host, string expected, bool fitsBuffer)
    {
        var table = Table();
        table.Register(Message(host, 61002, "app.test"));

        var endpoint = table.LookupOrThrow("app.test").Endpoints[0];
        Span<char> buffer = stackalloc char[Endpoint.FormatBufferLength];
        var formatted = endpoint.FormatBaseUri(buffer);
        Assert.True(
            formatted.Overlaps(buffer) == fitsBuffer,
            fitsBuffer ? "a base URI that fits is written into the caller's buffer" : "a base URI longer than the buffer cannot be written into it");
        Assert.Equal(expected, formatted.ToString());
        Assert.Equal(expected, endpoint.BaseUri);
    }

    [Fact]
    public void Register_SameHostDifferentEffectivePorts_TwoEndpoints()
    {
        var table = Table();
        var tls = Message("10.0.0.1", 8080, "app.test");
        tls.TlsPort = 8443;

        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(tls);

        Assert.Equal(2, table.LookupOrThrow("app.test").Count);
    }

    [Fact]
    public void Register_TlsPortEqualToEarlierPlainPort_ReplacesThatEndpoint()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8443, "app.test"));
        var tls = Message("10.0.0.1", 1, "app.test");
        tls.TlsPort = 8443;

        var result = table.Register(tls);

        Assert.Equal(1, result.Updated);
        var endpoint = Assert.Single(table.LookupOrThrow("app.test").Endpoints.ToArray());
        Assert.True(endpoint.IsTls);
    }

    [Fact]
    public void Register_IdenticalHeartbeat_OnlyRefreshes()
    {
        var time = new ManualTimeProvider();
        var table = Table(time);
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var first = table.LookupOrThrow("app.test").Endpoints[0];
        var seenBefore = first.LastSeen;
        time.Advance(TimeSpan.FromSeconds(20));

        var result = table.Register(Message("10.0.0.1", 8080, "app.test"));

        Assert.Equal(new RegistrationResult(0, 0, 1, 0), result);
        var after = table.LookupOrThrow("app.test").Endpoints[0];
        Assert.Same(first, after);
        Assert.True(after.LastSeen > seenBefore);
    }

    [Fact]
    public void Register_ChangedInstanceAtSameAddress_ReplacesInPlace()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(Message("10.0.0.2", 8080, "app.test"));
        var replacement = Message("10.0.0.1", 8080, "app.test");
        replacement.PrivateInstanceId = "new-instance";

        var result = table.Register(replacement);

        Assert.Equal(new RegistrationResult(0, 1, 0, 0), result);
        var endpoints = table.LookupOrThrow("app.test").Endpoints;
        Assert.Equal(2, endpoints.Length);
        Assert.Equal("new-instance", endpoints[0].PrivateInstanceId);
        Assert.Equal(2, table.EndpointCount);
    }

    [Theory]
    [InlineData("app")]
    [InlineData("index")]
    [InlineData("san")]
    [InlineData("route_service_url")]
    [InlineData("isolation_segment")]
    [InlineData("updated_at")]
    [InlineData("stale_threshold")]
    [InlineData("protocol")]
    [InlineData("tags")]
    [InlineData("loadbalancing")]
    public void Register_OneComparedFieldDiffers_Updated(string field)
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var changed = Message("10.0.0.1", 8080, "app.test");
        switch (field)
        {
            case "app": changed.App = "other-app"; break;
            case "index": changed.PrivateInstanceIndex = "3"; break;
            case "san": changed.ServerCertDomainSan = "other-san"; break;
            case "route_service_url": changed.RouteServiceUrl = "https://rs.test"; break;
            case "isolation_segment": changed.IsolationSegment = "seg"; break;
            case "updated_at": changed.EndpointUpdatedAtNs = 42; break;
            case "stale_threshold": changed.StaleThresholdInSeconds = 30; break;
            case "protocol": changed.Protocol = "http2"; break;
            case "tags": changed.Tags["component"] = "route-emitter"; break;
            case "loadbalancing": changed.Options.LoadBalancing = LoadBalancingAlgorithms.LeastConnection; break;
        }

        Assert.Equal(1, table.Register(changed).Updated);
    }

    [Fact]
    public void Register_OnlyAvailabilityZoneDiffers_UnmodifiedAsInGorouter()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var changed = Message("10.0.0.1", 8080, "app.test");
        changed.AvailabilityZone = "z2";

        Assert.Equal(1, table.Register(changed).Unmodified);
    }

    [Fact]
    public void Register_StaleThresholdZeroOrDefaultEquivalent_Unmodified()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var same = Message("10.0.0.1", 8080, "app.test");
        same.StaleThresholdInSeconds = 120;

        Assert.Equal(1, table.Register(same).Unmodified);
    }

    [Fact]
    public void Register_FieldsFromMessage_CopiedToEndpoint()
    {
        var table = Table();
        var message = Message("10.0.1.11", 61002, "app.test");
        message.ServerCertDomainSan = "san-1";
        message.Tags = new Dictionary<string, string> { ["component"] = "route-emitter", ["process_id"] = "p-1" };
        message.AvailabilityZone = "z1";
        message.IsolationSegment = "";
        message.EndpointUpdatedAtNs = 1714000000000000000;
        message.RouteServiceUrl = "https://rs.test";

        table.Register(message);

        var endpoint = table.LookupOrThrow("app.test").Endpoints[0];
        Assert.Equal("11111111-2222-3333-4444-555555555555", endpoint.ApplicationId);
        Assert.Equal("instance-10.0.1.11-61002", endpoint.PrivateInstanceId);
        Assert.Equal("instance-10.0.1.11-61002", endpoint.InstanceIdOrAddress);
        Assert.Equal("0", endpoint.PrivateInstanceIndex);
        Assert.Equal("san-1", endpoint.ServerCertDomainSan);
        Assert.Equal("route-emitter", endpoint.Component);
        Assert.Equal("p-1", endpoint.Tags["process_id"]);
        Assert.Equal(2, endpoint.Tags.Count);
        Assert.Equal("z1", endpoint.AvailabilityZone);
        Assert.Equal(1714000000000000000, endpoint.UpdatedAtNs);
        Assert.Equal("https://rs.test", endpoint.RouteServiceUrl);
        Assert.Equal("http1", endpoint.Protocol);
        Assert.Null(endpoint.LoadBalancingOption);
    }

    [Fact]
    public void Register_NoInstanceId_InstanceIdOrAddressIsAddress()
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.PrivateInstanceId = "";

        table.Register(message);

        Assert.Equal("10.0.0.1:8080", table.LookupOrThrow("app.test").Endpoints[0].InstanceIdOrAddress);
    }

    [Theory]
    [InlineData(0, 120)]
    [InlineData(60, 60)]
    [InlineData(121, 120)]
    [InlineData(100000, 120)]
    [InlineData(-5, -5)]
    public void Register_StaleThreshold_NormalisedAgainstTableThreshold(long registered, int expectedSeconds)
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.StaleThresholdInSeconds = registered;

        table.Register(message);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), table.LookupOrThrow("app.test").Endpoints[0].StaleThreshold);
    }

    [Theory]
    [InlineData("", true, "http1")]
    [InlineData("http1", true, "http1")]
    [InlineData("http2", true, "http2")]
    [InlineData("http2", false, "http1")]
    [InlineData("spdy", true, "spdy")]
    public void Register_Protocol_NormalisedAsGorouter(string protocol, bool enableHttp2, string expected)
    {
        var table = Table(options: new RouteTableOptions { EnableHttp2 = enableHttp2 });
        var message = Message("10.0.0.1", 8080, "app.test");
        message.Protocol = protocol;

        table.Register(message);

        Assert.Equal(expected, table.LookupOrThrow("app.test").Endpoints[0].Protocol);
    }

    [Fact]
    public void Register_Message_SetsLastRegistryUpdate()
    {
        var time = new ManualTimeProvider();
        var table = Table(time);
        Assert.Null(table.LastRegistryUpdate);

        table.Register(Message("10.0.0.1", 8080, "app.test"));

        Assert.Equal(time.GetUtcNow(), table.LastRegistryUpdate);
    }

    [Fact]
    public void Register_NoUris_NoChange()
    {
        var table = Table();

        var result = table.Register(Message("10.0.0.1", 8080));

        Assert.Equal(default, result);
        Assert.Equal(0, table.RouteCount);
        Assert.Null(table.LastRegistryUpdate);
    }
}
