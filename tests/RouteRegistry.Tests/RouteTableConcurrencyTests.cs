using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Lock-free, allocation-free reads alongside concurrent writers.</summary>
public sealed class RouteTableConcurrencyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Lookup_ManyLookups_AllocateNothing()
    {
        var table = Table();
        for (var i = 0; i < 500; i++)
        {
            table.Register(Message("10.0.0.1", 8000 + i, $"app{i}.test", $"app{i}.test/api/v1", $"*.wild{i}.test"));
        }

        for (var i = 0; i < 20; i++)
        {
            table.Register(Message("10.0.0.2", 8000 + i, $"wide.test/p{i}"));
        }

        var hosts = new[] { "app7.test", "APP42.TEST:8080", "x.y.wild9.test", "unknown.test", "a.wild499.test", "wide.test" };
        var paths = new[] { "/", "/api/v1/users?x=1", "/api/v2", "//api", "/API/V1/", "/P7/x" };
        LookupAll(table, hosts, paths, 1_000);

        var found = 0;
        var allocated = Router.Testing.Allocations.Measure(() => found = LookupAll(table, hosts, paths, 20_000));

        Assert.True(found > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Select_RoundRobinAndLeastConnection_AllocateNothing()
    {
        var table = Table();
        for (var i = 1; i <= 3; i++)
        {
            table.Register(Message("10.0.0." + i, 8080, "rr.test"));
            var leastConnection = Message("10.0.1." + i, 8080, "lc.test");
            leastConnection.Options.LoadBalancing = LoadBalancingAlgorithms.LeastConnection;
            table.Register(leastConnection);
        }

        var pools = new[] { table.LookupOrThrow("rr.test"), table.LookupOrThrow("lc.test") };
        pools[0].EndpointFailed(pools[0].Endpoints[0]);
        SelectAll(pools, 1_000);

        var allocated = Router.Testing.Allocations.Measure(() => SelectAll(pools, 20_000));

        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Table_ConcurrentWritersAndReaders_StaysConsistent()
    {
        var table = Table(new ManualTimeProvider(), new RouteTableOptions { EmptyPoolResponseCode503 = true, EmptyPoolTimeout = TimeSpan.FromSeconds(1) });
        const int Routes = 200;
        const int Iterations = 20_000;
        var writersDone = 0;

        var writers = Enumerable.Range(0, 2).Select(writer => Task.Run(() =>
        {
            try
            {
                for (var i = 0; i < Iterations; i++)
                {
                    var route = i % Routes;
                    var message = Message($"10.{writer}.0.{i % 7}", 8080, $"app{route}.test", $"app{route}.test/api", "*.wild.test");
                    if (i % 3 == 2)
                    {
                        table.Unregister(message);
                    }
                    else
                    {
                        table.Register(message);
                    }

                    if (i % 997 == 0)
                    {
                        table.PruneStaleEndpoints();
                    }
                }
            }
            finally
            {
                Interlocked.Increment(ref writersDone);
            }
        })).ToArray();

        var readers = Enumerable.Range(0, 2).Select(reader => Task.Run(() =>
        {
            var lookups = 0;
            while (Volatile.Read(ref writersDone) < writers.Length || lookups < 10_000)
            {
                var route = lookups++ % Routes;
                var pool = table.Lookup($"app{route}.test", reader == 0 ? "/api/x" : "/");
                var state = default(EndpointSelection);
                var endpoint = pool?.Select(ref state, maxConns: 4);
                endpoint?.Release();
                _ = table.Lookup("x.wild.test", "/");
                if (lookups % 5_000 == 0)
                {
                    _ = table.Snapshot();
                }
            }
        })).ToArray();

        await Task.WhenAll(writers.Concat(readers)).WaitAsync(Timeout);

        var snapshot = table.Snapshot();
        Assert.Equal(table.RouteCount, snapshot.Count);
        Assert.Equal(table.EndpointCount, snapshot.Sum(route => route.Endpoints.Length));
        Assert.All(snapshot.SelectMany(route => route.Endpoints.ToArray()), endpoint => Assert.Equal(0, endpoint.InFlight));
        foreach (var route in snapshot.Where(route => route.Endpoints.Length > 0))
        {
            Assert.Same(route.Pool, table.Lookup(route.Pool.Host, route.Pool.ContextPath));
        }
    }

    private static int LookupAll(RouteTable table, string[] hosts, string[] paths, int rounds)
    {
        var found = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var host in hosts)
            {
                foreach (var path in paths)
                {
                    if (table.Lookup(host, path) is not null)
                    {
                        found++;
                    }
                }
            }
        }

        return found;
    }

    private static void SelectAll(EndpointPool[] pools, int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            foreach (var pool in pools)
            {
                var state = default(EndpointSelection);
                var first = pool.Select(ref state, maxConns: 10);
                var retry = pool.Select(ref state, maxConns: 10);
                first?.Release();
                retry?.Release();
            }
        }
    }
}
