using RouteRegistry;
using Router.Snapshots;
using Router.Testing;

namespace Router.Tests.Snapshots;

public sealed class RouteSnapshotRoundTripTests : IDisposable
{
    private readonly SnapshotFiles _files = new();
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Load_AfterWrite_RestoresEveryFieldAndEveryAge()
    {
        var before = SnapshotFiles.NewTable(_clock);
        string[] uris = ["app{0}.example.com", "*.wild{0}.example.com", "app{0}.example.com/api/v1", "app{0}.example.com/a%20b"];
        for (var i = 0; i < 48; i++)
        {
            before.Register(SnapshotFiles.FullRegistration(i, string.Format(System.Globalization.CultureInfo.InvariantCulture, uris[i % uris.Length], i % 10)));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var written = RouteSnapshotWriter.Write(before, _files.SnapshotPath, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(5));
        var after = SnapshotFiles.NewTable(_clock);
        var load = RouteSnapshotReader.Load(after, _files.SnapshotPath, _clock.GetUtcNow(), SnapshotFiles.Threshold);

        Assert.True(load.Loaded, load.IgnoredReason);
        Assert.Equal((before.EndpointCount, 0), (load.Restored, load.Skipped));
        Assert.Equal(before.EndpointCount, written);
        Assert.Equal(SnapshotFiles.Describe(before, _clock.GetUtcNow()), SnapshotFiles.Describe(after, _clock.GetUtcNow()));
        Assert.Equal(before.RouteCount, after.RouteCount);
        Assert.Null(after.LastRegistryUpdate);
    }

    [Fact]
    public void Load_RestoredEndpoint_RoutesLikeTheRegisteredOne()
    {
        var before = SnapshotFiles.NewTable(_clock);
        before.Register(SnapshotFiles.FullRegistration(6, "hash.example.com/api"));
        RouteSnapshotWriter.Write(before, _files.SnapshotPath, _clock.GetUtcNow());

        var after = SnapshotFiles.NewTable(_clock);
        RouteSnapshotReader.Load(after, _files.SnapshotPath, _clock.GetUtcNow(), SnapshotFiles.Threshold);

        var pool = Assert.IsType<EndpointPool>(after.Lookup("HASH.example.com:8080", "/api/users?x=1"));
        Assert.Equal(LoadBalancingAlgorithm.Hash, pool.Algorithm);
        Assert.Equal("https://rs.example.com/check", pool.RouteServiceUrl);
        var endpoint = Assert.Single(pool.EndpointsSnapshot.ToArray());
        Assert.True(endpoint.IsTls);
        Assert.Equal(("10.0.0.7", 61449, "san-6.internal"), (endpoint.Host, endpoint.Port, endpoint.ServerCertDomainSan));
    }

    [Fact]
    public void Restore_EndpointAlreadyRegistered_KeepsTheLiveRegistration()
    {
        var table = SnapshotFiles.NewTable(_clock);
        var live = SnapshotFiles.FullRegistration(1, "live.example.com");
        table.Register(live);
        var stored = SnapshotFiles.FullRegistration(1, "live.example.com");
        stored.App = "app-from-snapshot";

        table.Restore(stored, _clock.GetUtcNow() - TimeSpan.FromSeconds(100));

        var endpoint = Assert.Single(table.Lookup("live.example.com", "/")!.EndpointsSnapshot.ToArray());
        Assert.Equal("app-1", endpoint.ApplicationId);
        Assert.Equal(_clock.GetUtcNow(), table.LastUpdated(endpoint));
    }

    [Fact]
    public void Register_AfterRestore_SupersedesTheRestoredEndpoint()
    {
        var table = SnapshotFiles.NewTable(_clock);
        var stored = SnapshotFiles.FullRegistration(1, "app.example.com");
        table.Restore(stored, _clock.GetUtcNow() - TimeSpan.FromSeconds(100));
        var live = SnapshotFiles.FullRegistration(1, "app.example.com");
        live.App = "app-moved";

        var result = table.Register(live);

        Assert.Equal(1, result.Updated);
        var endpoint = Assert.Single(table.Lookup("app.example.com", "/")!.EndpointsSnapshot.ToArray());
        Assert.Equal("app-moved", endpoint.ApplicationId);
        Assert.Equal(_clock.GetUtcNow(), table.LastUpdated(endpoint));
    }

    [Fact]
    public void PruneStaleEndpoints_RestoredEntryNotRefreshed_PrunedWhenItsAgeReachesTheThreshold()
    {
        var table = SnapshotFiles.NewTable(_clock);
        var plain = SnapshotFiles.FullRegistration(1, "old.example.com");
        var refreshed = SnapshotFiles.FullRegistration(3, "refreshed.example.com");
        table.Restore(plain, _clock.GetUtcNow() - TimeSpan.FromSeconds(100));
        table.Restore(refreshed, _clock.GetUtcNow() - TimeSpan.FromSeconds(100));

        _clock.Advance(TimeSpan.FromSeconds(15));
        table.Register(refreshed);
        Assert.Equal(0, table.PruneStaleEndpoints().PrunedEndpoints);
        _clock.Advance(TimeSpan.FromSeconds(6));
        var pruned = table.PruneStaleEndpoints();

        Assert.Equal(1, pruned.PrunedEndpoints);
        Assert.Null(table.Lookup("old.example.com", "/"));
        Assert.NotNull(table.Lookup("refreshed.example.com", "/"));
    }

    [Fact]
    public void ChangeCount_RegisterRefreshUnregisterAndPrune_EachMoveIt()
    {
        var table = SnapshotFiles.NewTable(_clock);
        var message = SnapshotFiles.FullRegistration(1, "app.example.com");
        var counts = new List<long> { table.ChangeCount };
        table.Register(message);
        counts.Add(table.ChangeCount);
        table.Register(message);
        counts.Add(table.ChangeCount);
        table.PruneStaleEndpoints();
        counts.Add(table.ChangeCount);
        table.Unregister(message);
        counts.Add(table.ChangeCount);

        Assert.Equal([0, 1, 2, 2, 3], counts);
    }

    public void Dispose() => _files.Dispose();
}
