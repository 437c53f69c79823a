using Microsoft.Extensions.Logging.Abstractions;
using RouteMessages;
using RouteRegistry;
using Router.Dashboard;
using Router.Testing;

namespace Router.Tests.Dashboard;

public sealed class RouteIndexTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RouteTable _table;

    public RouteIndexTests() => _table = new RouteTable(new RouteTableOptions(), _time, NullLogger<RouteTable>.Instance);

    [Fact]
    public void Current_RoutesRegistered_SortedByKey()
    {
        Register("b.test", "a.test/z", "a.test");

        var listing = new RouteIndex(_table, _time).Current();

        Assert.Equal(["a.test", "a.test/z", "b.test"], listing.Pools.Select(p => p.Key));
    }

    [Fact]
    public void Current_RouteAddedWithinInterval_SameListingUntilIntervalPasses()
    {
        Register("a.test");
        var index = new RouteIndex(_table, _time);
        var first = index.Current();

        Register("b.test");
        var soon = index.Current();
        _time.Advance(RouteIndex.RebuildInterval);
        var later = index.Current();

        Assert.Same(first, soon);
        Assert.Equal(2, later.Pools.Length);
    }

    [Fact]
    public void Current_NoChange_NeverRebuilt()
    {
        Register("a.test");
        var index = new RouteIndex(_table, _time);
        var first = index.Current();
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Same(first, index.Current());
    }

    [Fact]
    public void Find_NoSearch_PageIsSliceAndTotalIsAll()
    {
        Register([.. Enumerable.Range(0, 12).Select(i => $"r{i:D2}.test")]);
        var listing = new RouteIndex(_table, _time).Current();

        var (total, routes) = listing.Find("", page: 3, size: 5);

        Assert.Equal(12, total);
        Assert.Equal(["r10.test", "r11.test"], routes.Select(p => p.Key));
    }

    [Fact]
    public void Find_Search_CountsAllMatchesKeepsOnlyThePage()
    {
        Register([.. Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? $"even{i:D2}.test" : $"odd{i:D2}.test/even")]);
        var listing = new RouteIndex(_table, _time).Current();

        var (total, routes) = listing.Find("even0", page: 2, size: 3);

        Assert.Equal(5, total);
        Assert.Equal(["even06.test", "even08.test"], routes.Select(p => p.Key));
    }

    [Fact]
    public void Find_PageBeyondEnd_EmptyWithTotal()
    {
        Register("a.test");
        var listing = new RouteIndex(_table, _time).Current();

        var (total, routes) = listing.Find("", page: 9, size: 50);

        Assert.Equal(1, total);
        Assert.Empty(routes);
    }

    private void Register(params string[] uris)
    {
        foreach (var uri in uris)
        {
            _table.Register(new RegistrationMessage { Host = "10.0.0.1", Port = 8080, Uris = [uri], App = "app" });
        }
    }
}
