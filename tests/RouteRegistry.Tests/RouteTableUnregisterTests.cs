using System.Collections.Frozen;
using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Unregistration, lingering empty routes and isolation-segment sharding (docs/gorouter-compatibility.md §2.5, §2.6).</summary>
public sealed class RouteTableUnregisterTests
{
    [Fact]
    public void Unregister_DifferentInstanceIdSameHostAndPort_RemovesEndpoint()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(Message("10.0.0.2", 8080, "app.test"));
        var unregister = Message("10.0.0.1", 8080, "app.test");
        unregister.PrivateInstanceId = "someone-else";
        unregister.App = "another-app";

        var processed = table.Unregister(unregister);

        Assert.Equal(1, processed);
        Assert.Equal("10.0.0.2:8080", Assert.Single(table.LookupOrThrow("app.test").Endpoints.ToArray()).Address);
        Assert.Equal(1, table.EndpointCount);
    }

    [Fact]
    public void Unregister_TlsPort_MatchesOnEffectivePort()
    {
        var table = Table();
        var tls = Message("10.0.0.1", 8080, "app.test");
        tls.TlsPort = 8443;
        table.Register(tls);
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        table.Unregister(tls);

        var remaining = Assert.Single(table.LookupOrThrow("app.test").Endpoints.ToArray());
        Assert.False(remaining.IsTls);
    }

    [Fact]
    public void Unregister_LastEndpoint_DeletesRoute()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test/api"));

        table.Unregister(Message("10.0.0.1", 8080, "app.test/api"));

        Assert.Null(table.Lookup("app.test", "/api"));
        Assert.Equal(0, table.RouteCount);
        Assert.Equal(0, table.EndpointCount);
        Assert.Empty(table.Snapshot());
    }

    [Fact]
    public void Unregister_UnknownEndpoint_NoChangeButUriCounted()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        var processed = table.Unregister(Message("10.0.0.9", 8080, "app.test", "unknown.test"));

        Assert.Equal(2, processed);
        Assert.Equal(1, table.LookupOrThrow("app.test").Count);
    }

    [Fact]
    public void Unregister_PrefixOfRegisteredPath_DoesNotMatch()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test/api"));

        table.Unregister(Message("10.0.0.1", 8080, "app.test/api/v1", "app.test"));

        Assert.Equal(1, table.LookupOrThrow("app.test", "/api").Count);
    }

    [Fact]
    public void Unregister_WildcardRoute_RemovesWildcard()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "*.wild.test"));

        table.Unregister(Message("10.0.0.1", 8080, "*.WILD.test"));

        Assert.Null(table.Lookup("a.wild.test", "/"));
        Assert.Equal(0, table.RouteCount);
    }

    [Fact]
    public void Unregister_ParentRouteWithChildren_ChildrenStayRoutable()
    {
        var table = Table();
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        table.Register(Message("10.0.0.2", 8080, "app.test/api/v1"));

        table.Unregister(Message("10.0.0.1", 8080, "app.test"));

        Assert.Null(table.Lookup("app.test", "/"));
        Assert.Equal("app.test/api/v1", table.LookupKey("app.test", "/api/v1"));
        Assert.Equal(1, table.RouteCount);
    }

    [Fact]
    public void Unregister_EmptyPoolTimeoutConfigured_EmptyRouteLingersUntilPruned()
    {
        var time = new ManualTimeProvider();
        var table = Table(time, new RouteTableOptions { EmptyPoolResponseCode503 = true, EmptyPoolTimeout = TimeSpan.FromSeconds(10) });
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        table.Unregister(Message("10.0.0.1", 8080, "app.test"));

        var lingering = table.LookupOrThrow("app.test");
        Assert.True(lingering.IsEmpty);
        Assert.Equal(1, table.RouteCount);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, table.PruneStaleEndpoints().RemovedRoutes);
        Assert.NotNull(table.Lookup("app.test", "/"));

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, table.PruneStaleEndpoints().RemovedRoutes);
        Assert.Null(table.Lookup("app.test", "/"));
    }

    [Fact]
    public void Unregister_EmptyPoolTimeoutWithout503_RouteDeletedAtOnce()
    {
        var table = Table(options: new RouteTableOptions { EmptyPoolResponseCode503 = false, EmptyPoolTimeout = TimeSpan.FromSeconds(10) });
        table.Register(Message("10.0.0.1", 8080, "app.test"));

        table.Unregister(Message("10.0.0.1", 8080, "app.test"));

        Assert.Null(table.Lookup("app.test", "/"));
    }

    [Fact]
    public void Register_LingeringEmptyRoute_ReusesPool()
    {
        var table = Table(options: new RouteTableOptions { EmptyPoolResponseCode503 = true, EmptyPoolTimeout = TimeSpan.FromSeconds(10) });
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var pool = table.LookupOrThrow("app.test");
        table.Unregister(Message("10.0.0.1", 8080, "app.test"));

        table.Register(Message("10.0.0.2", 8080, "app.test"));

        Assert.Same(pool, table.LookupOrThrow("app.test"));
        Assert.Equal(1, pool.Count);
    }

    [Theory]
    [InlineData(ShardingMode.All, "", true)]
    [InlineData(ShardingMode.All, "other", true)]
    [InlineData(ShardingMode.SharedAndSegments, "", true)]
    [InlineData(ShardingMode.SharedAndSegments, "seg1", true)]
    [InlineData(ShardingMode.SharedAndSegments, "other", false)]
    [InlineData(ShardingMode.SharedAndSegments, "SEG1", false)]
    [InlineData(ShardingMode.Segments, "", false)]
    [InlineData(ShardingMode.Segments, "seg1", true)]
    [InlineData(ShardingMode.Segments, "other", false)]
    public void Register_ShardingMode_AcceptsOnlyItsSegments(ShardingMode mode, string segment, bool accepted)
    {
        var table = Table(options: ShardedOptions(mode));
        var message = Message("10.0.0.1", 8080, "app.test", "app.test/api");
        message.IsolationSegment = segment;

        var result = table.Register(message);

        Assert.Equal(accepted ? 2 : 0, result.Added);
        Assert.Equal(accepted ? 0 : 2, result.Rejected);
        Assert.Equal(accepted, table.Lookup("app.test", "/") is not null);
    }

    [Fact]
    public void Unregister_OutsideShard_Ignored()
    {
        var table = Table(options: ShardedOptions(ShardingMode.SharedAndSegments));
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        var unregister = Message("10.0.0.1", 8080, "app.test");
        unregister.IsolationSegment = "other";

        Assert.Equal(0, table.Unregister(unregister));
        Assert.Equal(1, table.LookupOrThrow("app.test").Count);
    }

    [Fact]
    public void Constructor_SegmentsModeWithoutSegments_Throws()
    {
        Assert.Throws<ArgumentException>(() => Table(options: new RouteTableOptions { ShardingMode = ShardingMode.Segments }));
    }

    [Fact]
    public void Constructor_NonPositiveStaleThreshold_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Table(options: new RouteTableOptions { DropletStaleThreshold = TimeSpan.Zero }));
    }

    private static RouteTableOptions ShardedOptions(ShardingMode mode) => new()
    {
        ShardingMode = mode,
        IsolationSegments = new[] { "seg1", "seg2" }.ToFrozenSet(StringComparer.Ordinal),
    };
}
