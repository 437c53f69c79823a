using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Host and path matching, including every row of docs/gorouter-compatibility.md Appendix D's matching table.</summary>
public sealed class RouteTableLookupTests
{
    [Theory]
    [InlineData("APP.TEST")]
    [InlineData("app.test:443")]
    [InlineData("app.test:abc")]
    [InlineData("app.test")]
    public void Lookup_HostCaseOrPort_RoutesToHost(string host)
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        Assert.Equal("app.test", table.LookupKey(host, "/"));
    }

    [Fact]
    public void Lookup_TrailingDotHost_NotFound()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        Assert.Null(table.Lookup("app.test.", "/"));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/")]
    [InlineData("/api/x?y=1")]
    [InlineData("/api?x=1")]
    [InlineData("/API/x")]
    public void Lookup_ApiPathVariants_MatchApiRoute(string path)
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test/api"));
        table.Register(Message("10.0.0.2", 8080, "app.test"));

        Assert.Equal("app.test/api", table.LookupKey("app.test", path));
    }

    [Theory]
    [InlineData("/apix")]
    [InlineData("/%61pi/x")]
    [InlineData("/foo/../api/x")]
    [InlineData("//api/x")]
    [InlineData("/")]
    [InlineData("")]
    public void Lookup_NoWholeSegmentMatch_FallsBackToHostRoute(string path)
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test/api"));
        table.Register(Message("10.0.0.2", 8080, "app.test"));

        Assert.Equal("app.test", table.LookupKey("app.test", path));
    }

    [Theory]
    [InlineData("a.wild.test")]
    [InlineData("b.a.wild.test")]
    [InlineData("a_b.wild.test")]
    [InlineData("A.WILD.TEST:8080")]
    public void Lookup_WildcardRegistered_MatchesSubdomainsAtAnyDepth(string host)
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "*.wild.test"));

        Assert.Equal("*.wild.test", table.LookupKey(host, "/"));
    }

    [Fact]
    public void Lookup_WildcardRegistered_DoesNotMatchBareDomain()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "*.wild.test"));

        Assert.Null(table.Lookup("wild.test", "/"));
    }

    [Fact]
    public void Lookup_ExactAndWildcardRegistered_ExactWins()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "*.example.com"));
        table.Register(Message("10.0.0.2", 8080, "app.example.com"));

        Assert.Equal("app.example.com", table.LookupKey("app.example.com"));
        Assert.Equal("*.example.com", table.LookupKey("other.example.com"));
    }

    [Fact]
    public void Lookup_NestedWildcards_DeeperWildcardWins()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "*.example.com"));
        table.Register(Message("10.0.0.2", 8080, "*.b.example.com"));

        Assert.Equal("*.b.example.com", table.LookupKey("a.b.example.com"));
        Assert.Equal("*.b.example.com", table.LookupKey("x.a.b.example.com"));
        Assert.Equal("*.example.com", table.LookupKey("a.c.example.com"));
        Assert.Equal("*.example.com", table.LookupKey("b.example.com"));
    }

    [Fact]
    public void Lookup_TopLevelWildcard_MatchesAnyHostInThatDomain()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "*.com"));

        Assert.Equal("*.com", table.LookupKey("a.b.example.com"));
        Assert.Null(table.Lookup("com", "/"));
    }

    [Fact]
    public void Lookup_ExactHostWithoutMatchingPath_RetriesWildcard()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.example.com/api"));
        table.Register(Message("10.0.0.2", 8080, "*.example.com"));

        Assert.Equal("app.example.com/api", table.LookupKey("app.example.com", "/api/v1"));
        Assert.Equal("*.example.com", table.LookupKey("app.example.com", "/other"));
    }

    [Fact]
    public void Lookup_WildcardWithPath_MatchesPathUnderAnySubdomain()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "*.wild.test/api"));

        Assert.Equal("*.wild.test/api", table.LookupKey("x.wild.test", "/api/items"));
        Assert.Null(table.Lookup("x.wild.test", "/web"));
    }

    [Fact]
    public void Lookup_LiteralWildcardHost_MatchesWildcardRoute()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "*.wild.test"));

        Assert.Equal("*.wild.test", table.LookupKey("*.wild.test"));
    }

    [Fact]
    public void Lookup_SeveralPrefixes_LongestLivePrefixWins()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(Message("10.0.0.2", 8080, "app.test/api"));
        table.Register(Message("10.0.0.3", 8080, "app.test/api/v1"));

        Assert.Equal("app.test/api/v1", table.LookupKey("app.test", "/api/v1/users/7"));
        Assert.Equal("app.test/api", table.LookupKey("app.test", "/api/v2"));
        Assert.Equal("app.test", table.LookupKey("app.test", "/web"));
    }

    [Fact]
    public void Lookup_DeeperRouteUnregistered_FallsBackAtOnce()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(Message("10.0.0.2", 8080, "app.test/api"));
        Assert.Equal("app.test/api", table.LookupKey("app.test", "/api/x"));

        table.Unregister(Message("10.0.0.2", 8080, "app.test/api"));

        Assert.Equal("app.test", table.LookupKey("app.test", "/api/x"));
    }

    [Fact]
    public void Lookup_DeeperPoolEmptied_ShallowerLiveRouteWins()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var tls = Message("10.0.0.2", 0, "app.test/api");
        tls.TlsPort = 8443;
        table.Register(tls);
        var api = table.LookupOrThrow("app.test", "/api");

        Assert.True(table.RemoveFailedEndpoint(api, api.Endpoints[0]));

        Assert.Equal("app.test", table.LookupKey("app.test", "/api/x"));
    }

    [Fact]
    public void Lookup_OnlyEmptyPoolReached_ReturnsEmptyPoolWithoutWildcardRetry()
    {
        var table = Table();
        table.Register(Message("10.0.0.9", 8080, "*.test"));
        var tls = Message("10.0.0.2", 0, "app.test/api");
        tls.TlsPort = 8443;
        table.Register(tls);
        var api = table.LookupOrThrow("app.test", "/api");
        table.RemoveFailedEndpoint(api, api.Endpoints[0]);

        var found = table.Lookup("app.test", "/api/x");

        Assert.Same(api, found);
        Assert.True(found!.IsEmpty);
    }

    [Fact]
    public void Lookup_RegisteredUriWithPort_NeverMatches()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test:8080"));

        Assert.Null(table.Lookup("app.test:8080", "/"));
        Assert.Null(table.Lookup("app.test", "/"));
    }

    [Theory]
    [InlineData("app.test/api/")]
    [InlineData("app.test/api?version=2")]
    [InlineData("/app.test/api")]
    [InlineData("APP.test/Api")]
    public void Register_UriVariants_NormaliseToOneKey(string uri)
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, uri));

        Assert.Equal(1, table.RouteCount);
        Assert.Equal("app.test/api", table.LookupKey("app.test", "/api"));
    }

    [Fact]
    public void Register_MixedCaseUri_PoolKeepsOriginalHostAndContextPath()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "App.Test/API/V1"));
        table.Register(Message("10.0.0.1", 8080, "Other.Test"));

        var pool = table.LookupOrThrow("app.test", "/api/v1");
        Assert.Equal("app.test/api/v1", pool.Key);
        Assert.Equal("App.Test", pool.Host);
        Assert.Equal("/API/V1", pool.ContextPath);
        Assert.Equal("/", table.LookupOrThrow("other.test").ContextPath);
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData(":80", "/")]
    [InlineData("app.test", "*")]
    [InlineData("unknown.test", "/")]
    public void Lookup_NoRouteApplies_ReturnsNull(string host, string path)
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        Assert.Null(table.Lookup(host, path));
    }

    [Fact]
    public void Lookup_ManyPathsUnderOneHost_AllFoundAndRemovable()
    {
        var table = Table();
        for (var i = 0; i < 40; i++)
        {
            table.Register(Message("10.0.0.1", 8000 + i, $"app.test/p{i}"));
        }

        for (var i = 0; i < 40; i++)
        {
            Assert.Equal($"app.test/p{i}", table.LookupKey("app.test", $"/P{i}/x"));
        }

        for (var i = 0; i < 40; i += 2)
        {
            table.Unregister(Message("10.0.0.1", 8000 + i, $"app.test/p{i}"));
        }

        Assert.Equal(20, table.RouteCount);
        Assert.Null(table.Lookup("app.test", "/p0"));
        Assert.Equal("app.test/p1", table.LookupKey("app.test", "/p1"));
    }

    [Fact]
    public void Lookup_EmptySegmentRoute_MatchedOnlyByDoubleSlash()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(Message("10.0.0.2", 8080, "app.test//api"));

        Assert.Equal("app.test//api", table.LookupKey("app.test", "//api/x"));
        Assert.Equal("app.test", table.LookupKey("app.test", "/api/x"));
    }

    [Fact]
    public void Snapshot_EveryRouteOnceOrderedByKey_WildcardsAndPathsIncluded()
    {
        var table = Table();
        string[] keys = ["b.test", "a.test/api", "*.wild.test", "a.test", "a.test/api/v2", "c.test"];
        foreach (var key in keys)
        {
            table.Register(Message("10.0.0.1", 8080, key));
        }

        var snapshot = table.Snapshot();

        Assert.Equal(keys.Order(StringComparer.Ordinal), snapshot.Select(route => route.Key));
        Assert.Equal(snapshot.Select(route => route.Key), Enumerable.Range(0, snapshot.Count).Select(i => snapshot[i].Key));
        Assert.Equal(keys.Order(StringComparer.Ordinal), table.Pools().Select(pool => pool.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Snapshot_RoutesFixedWhenTaken_EndpointsReadWhenEntryRead()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "a.test"));
        var snapshot = table.Snapshot();
        var entryBefore = snapshot[0];

        table.Register(Message("10.0.0.2", 8080, "a.test"));
        table.Register(Message("10.0.0.1", 8080, "b.test"));

        Assert.Equal("a.test", Assert.Single(snapshot).Key);
        Assert.Equal(["10.0.0.1:8080"], entryBefore.Endpoints.ToArray().Select(e => e.Address));
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:8080"], snapshot[0].Endpoints.ToArray().Select(e => e.Address).Order());
    }
}
