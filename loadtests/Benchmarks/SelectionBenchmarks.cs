using BenchmarkDotNet.Attributes;
using RouteRegistry;
using RouteMessages;

namespace Benchmarks;

/// <summary>
/// <see cref="EndpointPool.Select(ref EndpointSelection, int)"/> alone, per algorithm, on 1,024 routes of six endpoints
/// (three in the router's zone): the per-request cost of each balancing mode, without the lookup.
/// </summary>
[MemoryDiagnoser]
public class SelectionBenchmarks
{
    private const int Batch = 1_024;
    private const int EndpointsPerRoute = 6;

    private EndpointPool[] _roundRobin = null!;
    private EndpointPool[] _leastConnection = null!;
    private EndpointPool[] _locallyOptimistic = null!;
    private EndpointPool[] _hash = null!;
    private string[] _keys = null!;

    [GlobalSetup]
    public void Setup()
    {
        _roundRobin = Pools(new RouteTableOptions(), null);
        _leastConnection = Pools(new RouteTableOptions { DefaultLoadBalancing = LoadBalancingAlgorithm.LeastConnection }, null);
        _locallyOptimistic = Pools(new RouteTableOptions { LocalAvailabilityZone = "z1" }, null);
        _hash = Pools(new RouteTableOptions(), "hash");
        _keys = Enumerable.Range(0, Batch).Select(i => $"tenant-{i * 7919}").ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int RoundRobin() => SelectAll(_roundRobin);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int LeastConnection() => SelectAll(_leastConnection);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int LocallyOptimisticRoundRobin() => SelectAll(_locallyOptimistic);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Hash()
    {
        var found = 0;
        for (var i = 0; i < Batch; i++)
        {
            var state = default(EndpointSelection);
            var endpoint = _hash[i].Select(ref state, 500, _keys[i]);
            if (endpoint is not null)
            {
                endpoint.Release();
                found++;
            }
        }

        return found;
    }

    private static int SelectAll(EndpointPool[] pools)
    {
        var found = 0;
        foreach (var pool in pools)
        {
            var state = default(EndpointSelection);
            var endpoint = pool.Select(ref state, maxConns: 500);
            if (endpoint is not null)
            {
                endpoint.Release();
                found++;
            }
        }

        return found;
    }

    private static EndpointPool[] Pools(RouteTableOptions options, string? algorithm)
    {
        var table = new RouteTable(options, TimeProvider.System);
        var pools = new EndpointPool[Batch];
        for (var route = 0; route < Batch; route++)
        {
            var uri = $"app{route}.example.com";
            for (var i = 0; i < EndpointsPerRoute; i++)
            {
                var message = new RegistrationMessage
                {
                    Host = $"10.{route / 250}.{route % 250}.{i + 1}",
                    Port = 61000 + i,
                    Uris = [uri],
                    PrivateInstanceId = Guid.NewGuid().ToString(),
                    AvailabilityZone = i % 2 == 0 ? "z1" : "z2",
                };
                if (algorithm is not null)
                {
                    message.Options.LoadBalancing = algorithm;
                    message.Options.HashHeader = "X-Tenant";
                }

                table.Register(message);
            }

            pools[route] = table.Lookup(uri, "/") ?? throw new InvalidOperationException("Route missing.");
        }

        return pools;
    }
}
