using BenchmarkDotNet.Attributes;
using RouteMessages;
using RouteRegistry;

namespace Benchmarks;

/// <summary>
/// The dashboard's per-route counters: <see cref="EndpointPool.RecordResponse"/> as the request path calls it once
/// per forwarded request (must stay at nanoseconds and 0 bytes), and the sampler's once-a-second pass over a
/// 100,000-route table (<see cref="EndpointPool.TakeTrafficSample"/> on every route).
/// </summary>
[MemoryDiagnoser]
public class RouteTrafficBenchmarks
{
    private const int Batch = 1_024;
    private const int TableRoutes = 100_000;

    private EndpointPool[] _pools = null!;
    private EndpointPool[] _table = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pools = Pools(Batch);
        _table = Pools(TableRoutes);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void RecordResponse()
    {
        for (var i = 0; i < Batch; i++)
        {
            _pools[i].RecordResponse(200, 12_345);
        }
    }

    [Benchmark]
    public long SampleTable()
    {
        long requests = 0;
        foreach (var pool in _table)
        {
            requests += pool.TakeTrafficSample().Requests;
        }

        return requests;
    }

    private static EndpointPool[] Pools(int count)
    {
        var table = new RouteTable(new RouteTableOptions(), TimeProvider.System);
        var pools = new EndpointPool[count];
        for (var i = 0; i < count; i++)
        {
            var uri = $"r{i}.traffic.bench";
            table.Register(new RegistrationMessage { Host = "10.0.0.1", Port = 8080, Uris = [uri], App = "app" });
            pools[i] = table.Lookup(uri, "/")!;
        }

        return pools;
    }
}
