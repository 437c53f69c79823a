using BenchmarkDotNet.Attributes;
using RouteRegistry;

namespace Benchmarks;

/// <summary>
/// <see cref="RouteTable.Lookup"/> in a 100,000-route table (cf. Gorouter <c>registry/registry_benchmark_test.go</c>).
/// Each benchmark looks up 1,024 different routes so that the figures include cache misses, not one hot entry.
/// </summary>
[MemoryDiagnoser]
public class RouteLookupBenchmarks
{
    private const int Batch = 1_024;

    private RouteTable _table = null!;
    private string[] _exactHosts = null!;
    private string[] _pathHosts = null!;
    private string[] _paths = null!;
    private string[] _wildcardHosts = null!;
    private EndpointPool[] _pools = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = RouteTableData.BuildTable();
        var random = new Random(7);
        _exactHosts = new string[Batch];
        _pathHosts = new string[Batch];
        _paths = new string[Batch];
        _wildcardHosts = new string[Batch];
        _pools = new EndpointPool[Batch];
        for (var i = 0; i < Batch; i++)
        {
            var hostRoute = random.Next(RouteTableData.ContextPathRoutes + RouteTableData.WildcardRoutes, RouteTableData.Routes);
            _exactHosts[i] = RouteTableData.HostRouteUri(hostRoute) + ":443";
            var pathRoute = random.Next(RouteTableData.ContextPathRoutes);
            _pathHosts[i] = $"shop{pathRoute}.example.com";
            _paths[i] = $"/api/v{pathRoute % 3}/orders/{i}?expand=items";
            var wildcardRoute = random.Next(RouteTableData.ContextPathRoutes, RouteTableData.ContextPathRoutes + RouteTableData.WildcardRoutes);
            _wildcardHosts[i] = $"eu.customer{i}.tenant{wildcardRoute}.example.com";
            _pools[i] = _table.Lookup(_exactHosts[i], "/") ?? throw new InvalidOperationException("Route missing.");
        }

        if (_table.Lookup(_pathHosts[0], _paths[0]) is null || _table.Lookup(_wildcardHosts[0], "/") is null)
        {
            throw new InvalidOperationException("Benchmark table is not shaped as expected.");
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int ExactHost()
    {
        var found = 0;
        foreach (var host in _exactHosts)
        {
            found += _table.Lookup(host, "/index.html") is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int ContextPath()
    {
        var found = 0;
        for (var i = 0; i < Batch; i++)
        {
            found += _table.Lookup(_pathHosts[i], _paths[i]) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Wildcard()
    {
        var found = 0;
        foreach (var host in _wildcardHosts)
        {
            found += _table.Lookup(host, "/") is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int UnknownHost()
    {
        var found = 0;
        foreach (var host in _wildcardHosts)
        {
            found += _table.Lookup(host.AsSpan(3), "/") is null ? 0 : 1;
        }

        return found;
    }

    /// <summary>Lookup plus a round-robin pick and release, the per-request registry work of the proxy.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int LookupAndSelect()
    {
        var found = 0;
        foreach (var host in _exactHosts)
        {
            var pool = _table.Lookup(host, "/");
            var state = default(EndpointSelection);
            var endpoint = pool?.Select(ref state, maxConns: 500);
            if (endpoint is not null)
            {
                endpoint.Release();
                found++;
            }
        }

        return found;
    }
}
