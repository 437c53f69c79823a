using RouteMessages;
using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>
/// How endpoints store what they share and what is theirs: instance GUIDs as 16 bytes, common fields in shared
/// settings. Every value must read back exactly as it was registered.
/// </summary>
public sealed class EndpointStorageTests
{
    public static TheoryData<string> InstanceIds => new()
    {
        "0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405162",
        "17800b52-2857-4b1c-7428-e2fc",
        "00000000-0000-0000-0000-000000000000",
        "0B2F3E2C-6A4D-4C1E-9F0A-1D2E3F405162",
        "0b2f3e2c-6a4d-4c1e-9f0a-1D2e3f405162",
        "{0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f40516}",
        "0b2f3e2c6a4d4c1e9f0a1d2e3f405162abcd",
        "0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f4051g2",
        "17800b52-2857-4b1c-7428-e2f",
        "17800b52-2857-4b1c-7428-e2fcx",
        " 7800b52-2857-4b1c-7428-e2fc",
        "instance-7",
        "",
    };

    [Theory]
    [MemberData(nameof(InstanceIds))]
    public void InstanceId_AnyValue_ReadsBackAsRegistered(string id)
    {
        var stored = CompactId.From(id);
        Span<char> buffer = stackalloc char[CompactId.GuidLength];

        Assert.Equal(id, stored.ToString());
        Assert.Equal(id, stored.Format(buffer).ToString());
        Assert.True(stored.Equals(id));
        Assert.False(stored.Equals(id + "0"));
        Assert.Equal(id.Length == 0, stored.IsEmpty);
        Assert.Equal(id, $"{stored}");
    }

    [Theory]
    [InlineData("0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405162", true)]
    [InlineData("17800b52-2857-4b1c-7428-e2fc", true)]
    [InlineData("0B2F3E2C-6A4D-4C1E-9F0A-1D2E3F405162", false)]
    [InlineData("17800b52-2857-4b1c-7428-e2fcffff", false)]
    [InlineData("instance-7", false)]
    public void InstanceId_LowerCaseGuid_StoredWithoutText(string id, bool compact)
    {
        Assert.Equal(compact, CompactId.From(id).Text is null);
    }

    [Fact]
    public void InstanceId_WholeAndShortGuidSharingAPrefix_AreDifferent()
    {
        var whole = CompactId.From("17800b52-2857-4b1c-7428-e2fc00000000");
        var shortForm = CompactId.From("17800b52-2857-4b1c-7428-e2fc");

        Assert.False(whole.Equals("17800b52-2857-4b1c-7428-e2fc"));
        Assert.False(shortForm.Equals("17800b52-2857-4b1c-7428-e2fc00000000"));
    }

    [Theory]
    [MemberData(nameof(InstanceIds))]
    public void Endpoint_AnyApplicationId_ReadsBackAsRegisteredAndFindsItsInstance(string id)
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.App = id;
        message.PrivateInstanceIndex = "3";
        table.Register(message);
        var pool = table.LookupOrThrow("app.test");
        var endpoint = pool.Endpoints[0];
        Span<char> buffer = stackalloc char[CompactId.GuidLength];

        Assert.Equal(id, endpoint.ApplicationId);
        Assert.Equal(id, endpoint.FormatApplicationId(buffer).ToString());
        Assert.Equal(id, endpoint.AppId.ToString());
        Assert.True(endpoint.ApplicationIdEquals(id));
        Assert.False(endpoint.ApplicationIdEquals(id + "0"));
        Assert.Same(endpoint, pool.FindByAppInstance(id, "3"));
        Assert.Null(pool.FindByAppInstance(id.ToUpperInvariant() + "x", "3"));

        // The same app again only refreshes the endpoint; another one replaces it.
        var again = Message("10.0.0.1", 8080, "app.test");
        again.App = id;
        again.PrivateInstanceIndex = "3";
        Assert.Equal(1, table.Register(again).Unmodified);
        var moved = Message("10.0.0.1", 8080, "app.test");
        moved.App = id + "-moved";
        moved.PrivateInstanceIndex = "3";
        Assert.Equal(1, table.Register(moved).Updated);
        Assert.Equal(id + "-moved", table.LookupOrThrow("app.test").Endpoints[0].ApplicationId);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("7", true)]
    [InlineData("299", true)]
    [InlineData("300", true)]
    [InlineData("2147483647", true)]
    [InlineData("2147483648", false)]
    [InlineData("01", false)]
    [InlineData("+1", false)]
    [InlineData("-1", false)]
    [InlineData(" 1", false)]
    [InlineData("1 ", false)]
    [InlineData("", false)]
    [InlineData("web-3", false)]
    [InlineData("\u0661", false)]
    public void Endpoint_AnyInstanceIndex_ReadsBackAsRegistered(string index, bool keptAsNumber)
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.PrivateInstanceIndex = index;
        table.Register(message);
        var pool = table.LookupOrThrow("app.test");
        var endpoint = pool.Endpoints[0];

        Assert.Equal(index, endpoint.PrivateInstanceIndex);
        Assert.Equal(keptAsNumber, endpoint.Settings.InstanceIndexText is null);
        Assert.True(endpoint.InstanceIndexEquals(index));
        Assert.False(endpoint.InstanceIndexEquals(index + "0"));
        Assert.False(endpoint.InstanceIndexEquals("0" + index));
        Assert.Same(endpoint, pool.FindByAppInstance(message.App, index));

        var again = Message("10.0.0.1", 8080, "app.test");
        again.PrivateInstanceIndex = index;
        Assert.Equal(1, table.Register(again).Unmodified);
        var other = Message("10.0.0.1", 8080, "app.test");
        other.PrivateInstanceIndex = index + "1";
        Assert.Equal(1, table.Register(other).Updated);
        Assert.Equal(index + "1", table.LookupOrThrow("app.test").Endpoints[0].PrivateInstanceIndex);
    }

    [Theory]
    [InlineData("0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405162", true)]
    [InlineData("0B2F3E2C-6A4D-4C1E-9F0A-1D2E3F405162", false)]
    [InlineData("app-1", false)]
    public void Endpoint_LowerCaseGuidApplicationId_StoredWithoutText(string id, bool compact)
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.App = id;
        table.Register(message);

        Assert.Equal(compact, table.LookupOrThrow("app.test").Endpoints[0].AppId.Text is null);
    }

    [Theory]
    [MemberData(nameof(InstanceIds))]
    public void Endpoint_AnyInstanceId_HeaderStickyAndListingAgree(string id)
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.PrivateInstanceId = id;
        table.Register(message);
        var pool = table.LookupOrThrow("app.test");
        var endpoint = pool.Endpoints[0];
        Span<char> buffer = stackalloc char[CompactId.GuidLength];

        Assert.Equal(id, endpoint.FormatInstanceId(buffer).ToString());
        Assert.Equal(id, endpoint.PrivateInstanceId);
        Assert.Equal(id.Length > 0 ? id : "10.0.0.1:8080", endpoint.InstanceIdOrAddress);
        Assert.Same(endpoint, pool.FindByInstanceId(endpoint.InstanceIdOrAddress));
    }

    [Theory]
    [InlineData("0B2F3E2C-6A4D-4C1E-9F0A-1D2E3F405162")]
    [InlineData("0b2f3e2c-6a4d-4c1e-9f0a-1d2e")]
    [InlineData("0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405163")]
    [InlineData("10.0.0.1:8080")]
    public void FindByInstanceId_OtherTextThanTheGuid_FindsNothing(string vcapId)
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.PrivateInstanceId = "0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405162";
        table.Register(message);

        Assert.Null(table.LookupOrThrow("app.test").FindByInstanceId(vcapId));
    }

    [Fact]
    public void Register_SameGuidAgain_IsUnmodified()
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.PrivateInstanceId = "0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405162";
        message.ServerCertDomainSan = message.PrivateInstanceId;
        table.Register(message);
        var first = table.LookupOrThrow("app.test").Endpoints[0];

        var again = Message("10.0.0.1", 8080, "app.test");
        again.PrivateInstanceId = "0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405162";
        again.ServerCertDomainSan = again.PrivateInstanceId;
        var result = table.Register(again);

        Assert.Equal(1, result.Unmodified);
        Assert.Same(first, table.LookupOrThrow("app.test").Endpoints[0]);
    }

    [Theory]
    [InlineData("0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405163", "0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405163")]
    [InlineData("0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405162", "another-san")]
    [InlineData("0B2F3E2C-6A4D-4C1E-9F0A-1D2E3F405162", "0B2F3E2C-6A4D-4C1E-9F0A-1D2E3F405162")]
    public void Register_InstanceIdOrSanChanged_ReplacesEndpoint(string instanceId, string san)
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, "app.test");
        message.PrivateInstanceId = "0b2f3e2c-6a4d-4c1e-9f0a-1d2e3f405162";
        message.ServerCertDomainSan = message.PrivateInstanceId;
        table.Register(message);

        var changed = Message("10.0.0.1", 8080, "app.test");
        changed.PrivateInstanceId = instanceId;
        changed.ServerCertDomainSan = san;
        var result = table.Register(changed);

        var endpoint = table.LookupOrThrow("app.test").Endpoints[0];
        Assert.Equal(1, result.Updated);
        Assert.Equal(instanceId, endpoint.PrivateInstanceId);
        Assert.Equal(san, endpoint.ServerCertDomainSan);
        Span<char> buffer = stackalloc char[CompactId.GuidLength];
        Assert.Equal(san, endpoint.FormatServerCertDomainSan(buffer).ToString());
    }

    [Fact]
    public void Register_EndpointsAlike_ShareSettingsButKeepTheirOwnFields()
    {
        var table = Table();
        var messages = new List<RegistrationMessage>();
        for (var i = 0; i < 3; i++)
        {
            var message = Message("10.0.0." + i, 61000 + i, "app" + i + ".test");
            message.TlsPort = 62000 + i;
            message.PrivateInstanceId = Guid.NewGuid().ToString();
            message.ServerCertDomainSan = message.PrivateInstanceId;
            message.AvailabilityZone = "z1";
            message.Protocol = "http2";
            message.Tags = new Dictionary<string, string> { ["component"] = "route-emitter" };
            messages.Add(message);
            table.Register(message);
        }

        var endpoints = messages.Select((m, i) => table.LookupOrThrow("app" + i + ".test").Endpoints[0]).ToList();
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            Assert.Equal(messages[i].Host, endpoint.Host);
            Assert.Equal(62000 + i, endpoint.Port);
            Assert.True(endpoint.IsTls);
            Assert.Equal(messages[i].PrivateInstanceId, endpoint.PrivateInstanceId);
            Assert.Equal(messages[i].PrivateInstanceId, endpoint.ServerCertDomainSan);
            Assert.Equal("z1", endpoint.AvailabilityZone);
            Assert.Equal("http2", endpoint.Protocol);
            Assert.Same(endpoints[0].Settings, endpoint.Settings);
            Assert.Equal("route-emitter", endpoint.Component);
            Assert.Equal(TimeSpan.FromSeconds(120), endpoint.StaleThreshold);
            Assert.Equal($"https://{messages[i].Host}:{62000 + i}", endpoint.BaseUri);
            Assert.Equal($"{messages[i].Host}:{62000 + i}", endpoint.Address);
        }
    }

    [Fact]
    public void Register_InstancesOfOneRoute_ShareEqualTagsAndKeepTheirOwn()
    {
        var table = Table();
        var first = Message("10.0.0.1", 8080, "app.test");
        first.Tags = new Dictionary<string, string> { ["component"] = "route-emitter", ["process_id"] = "web" };
        var second = Message("10.0.0.2", 8080, "app.test");
        second.Tags = new Dictionary<string, string> { ["process_id"] = "web", ["component"] = "route-emitter" };
        var third = Message("10.0.0.3", 8080, "app.test");
        third.Tags = new Dictionary<string, string> { ["component"] = "route-emitter", ["process_id"] = "worker" };
        var untagged = Message("10.0.0.4", 8080, "app.test");
        untagged.Tags = null!;
        foreach (var message in new[] { first, second, third, untagged })
        {
            table.Register(message);
        }

        var endpoints = table.LookupOrThrow("app.test").Endpoints.ToArray().ToDictionary(e => e.Host);
        Assert.Same(endpoints["10.0.0.1"].Tags, endpoints["10.0.0.2"].Tags);
        Assert.NotSame(endpoints["10.0.0.1"].Tags, endpoints["10.0.0.3"].Tags);
        Assert.Equal("web", endpoints["10.0.0.2"].Tags["process_id"]);
        Assert.Equal("worker", endpoints["10.0.0.3"].Tags["process_id"]);
        Assert.Equal("route-emitter", endpoints["10.0.0.3"].Component);
        Assert.Empty(endpoints["10.0.0.4"].Tags);
        Assert.Equal("", endpoints["10.0.0.4"].Component);

        // A heartbeat with the same tags changes nothing; other tags replace the endpoint with its own.
        var heartbeat = Message("10.0.0.2", 8080, "app.test");
        heartbeat.Tags = new Dictionary<string, string> { ["component"] = "route-emitter", ["process_id"] = "web" };
        Assert.Equal(1, table.Register(heartbeat).Unmodified);
        var retagged = Message("10.0.0.2", 8080, "app.test");
        retagged.Tags = new Dictionary<string, string> { ["component"] = "other" };
        Assert.Equal(1, table.Register(retagged).Updated);
        var replaced = table.LookupOrThrow("app.test").Endpoints.ToArray().Single(e => e.Host == "10.0.0.2");
        Assert.Equal("other", replaced.Tags["component"]);
        Assert.Equal("other", replaced.Component);
    }

    [Fact]
    public void Register_EqualTagsOnOtherRoutes_ShareOneMapAlsoWhenInterleaved()
    {
        var table = Table();
        Dictionary<string, string> Tags(string process) => new() { ["component"] = "route-emitter", ["process_id"] = process };

        // web, worker, web again: the second web route's tags are not the last ones handed out.
        var routes = new[] { ("web-a.test", "web"), ("worker.test", "worker"), ("web-b.test", "web"), ("plain.test", "") };
        foreach (var (uri, process) in routes)
        {
            var message = Message("10.0.0.1", 8080, uri);
            message.Tags = process.Length == 0 ? null! : Tags(process);
            table.Register(message);
        }

        var webA = table.LookupOrThrow("web-a.test").Endpoints[0].Tags;
        var webB = table.LookupOrThrow("web-b.test").Endpoints[0].Tags;
        var worker = table.LookupOrThrow("worker.test").Endpoints[0].Tags;
        Assert.Same(webA, webB);
        Assert.NotSame(webA, worker);
        Assert.Equal("web", webB["process_id"]);
        Assert.Equal("worker", worker["process_id"]);
        Assert.Empty(table.LookupOrThrow("plain.test").Endpoints[0].Tags);
    }

    public static TheoryData<string> SettingsFields => new()
    {
        "tls", "protocol", "zone", "route-service", "isolation-segment", "load-balancing", "stale-threshold", "component", "san",
    };

    [Theory]
    [MemberData(nameof(SettingsFields))]
    public void Register_OneSettingDiffersBetweenAlikeEndpoints_ThatEndpointGetsItsOwn(string field)
    {
        var table = Table(options: new RouteTableOptions { EnableHttp2 = true });
        var before = Alike("10.0.0.1");
        var different = Alike("10.0.0.2");
        var after = Alike("10.0.0.3");
        switch (field)
        {
            case "tls": different.TlsPort = 0; break;
            case "protocol": different.Protocol = "http1"; break;
            case "zone": different.AvailabilityZone = "z2"; break;
            case "route-service": different.RouteServiceUrl = "https://rs.test"; break;
            case "isolation-segment": different.IsolationSegment = "is1"; break;
            case "load-balancing": different.Options.LoadBalancing = "round-robin"; break;
            case "stale-threshold": different.StaleThresholdInSeconds = 30; break;
            case "component": different.Tags = new Dictionary<string, string> { ["component"] = "other" }; break;
            default: different.ServerCertDomainSan = "other.san"; break;
        }

        table.Register(before);
        table.Register(different);
        table.Register(after);

        var endpoints = table.LookupOrThrow("app.test").Endpoints.ToArray().ToDictionary(e => e.Host);
        var alike = endpoints["10.0.0.1"];
        var other = endpoints["10.0.0.2"];
        Assert.Same(alike.Settings, endpoints["10.0.0.3"].Settings);
        Assert.NotEqual(alike.Settings, other.Settings);
        Assert.Equal(different.TlsPort != 0, other.IsTls);
        Assert.Equal(different.Protocol, other.Protocol);
        Assert.Equal(different.AvailabilityZone, other.AvailabilityZone);
        Assert.Equal(different.RouteServiceUrl, other.RouteServiceUrl);
        Assert.Equal(different.IsolationSegment, other.IsolationSegment);
        Assert.Equal(TimeSpan.FromSeconds(different.StaleThresholdInSeconds), other.StaleThreshold);
        Assert.Equal(different.Tags["component"], other.Component);
        Assert.Equal(different.ServerCertDomainSan, other.ServerCertDomainSan);
        Assert.Equal(different.Options.LoadBalancing, other.Settings.LoadBalancingOption);
        Assert.Equal("z1", alike.AvailabilityZone);
        Assert.Equal("http2", alike.Protocol);
        Assert.Equal("least-connection", alike.Settings.LoadBalancingOption);

        static RegistrationMessage Alike(string host)
        {
            var message = Message(host, 8080, "app.test");
            message.TlsPort = 8443;
            message.PrivateInstanceId = "instance-" + host;
            message.ServerCertDomainSan = message.PrivateInstanceId;
            message.Protocol = "http2";
            message.AvailabilityZone = "z1";
            message.StaleThresholdInSeconds = 60;
            message.Options.LoadBalancing = "least-connection";
            message.Tags = new Dictionary<string, string> { ["component"] = "route-emitter" };
            return message;
        }
    }

    [Fact]
    public void FindByProcessInstance_ProcessIdTagAndOptionalIndex()
    {
        const string web = "7d1e1a52-0000-4000-8000-00000000000a";
        var table = Table();
        (string Address, string? Process, string Index)[] instances =
            [("10.0.0.1", web, "0"), ("10.0.0.2", web, "1"), ("10.0.0.3", "other", "0"), ("10.0.0.4", null, "1")];
        foreach (var (address, process, index) in instances)
        {
            var message = Message(address, 8080, "app.test");
            message.PrivateInstanceIndex = index;
            if (process is not null)
            {
                message.Tags["process_id"] = process;
            }

            table.Register(message);
        }

        var pool = table.LookupOrThrow("app.test");

        Assert.Equal(["10.0.0.1", "10.0.0.2"], pool.FindByProcessInstance(web, "").Select(e => e.Host).Order());
        Assert.Equal(["10.0.0.2"], pool.FindByProcessInstance(web, "1").Select(e => e.Host));
        Assert.Empty(pool.FindByProcessInstance(web, "2"));
        Assert.Empty(pool.FindByProcessInstance(web.ToUpperInvariant(), ""));
        Assert.Empty(pool.FindByProcessInstance("7d1e1a52-0000-4000-8000-00000000000b", ""));
    }
}
