using BenchmarkDotNet.Attributes;
using RouteMessages;
using RouteRegistry;
using Router.Dashboard;

namespace Benchmarks;

/// <summary>
/// The route dashboard on a 100,000-route table: building the sorted listing (what the first page request after a
/// route change pays), one page without a search, and a search that compares every route's key.
/// </summary>
[MemoryDiagnoser]
public class RouteIndexBenchmarks
{
    private const int Routes = 100_000;

    private RouteTable _table = null!;
    private RouteListing _listing = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = new RouteTable(new RouteTableOptions(), TimeProvider.System);
        for (var i = 0; i < Routes; i++)
        {
            _table.Register(new RegistrationMessage { Host = "10.0.0.1", Port = 8080, Uris = [$"r{i}.apps.example.com"], App = "app" });
        }

        _listing = new RouteIndex(_table, TimeProvider.System).Current();
    }

    [Benchmark]
    public int BuildListing() => new RouteIndex(_table, TimeProvider.System).Current().Pools.Length;

    [Benchmark]
    public int FirstPage() => _listing.Find("", 1, 50).Routes.Count;

    [Benchmark]
    public int SearchEveryRoute() => _listing.Find("r9999", 1, 50).Total;
}
