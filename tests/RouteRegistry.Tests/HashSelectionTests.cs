using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>Hash-based routing of a route registered with <c>options.loadbalancing: hash</c> (docs/gorouter-compatibility.md §4.6).</summary>
public sealed class HashSelectionTests
{
    private const string Header = "tenant-id";
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Select_SameKey_SameEndpointEveryTime()
    {
        var pool = HashPool(4);
        var first = SelectOnce(pool, "tenant-42");

        for (var i = 0; i < 50; i++)
        {
            Assert.Same(first, SelectOnce(pool, "tenant-42"));
        }
    }

    [Fact]
    public void Select_ManyKeys_SpreadOverEveryEndpoint()
    {
        var pool = HashPool(3);
        var counts = new Dictionary<Endpoint, int>();

        for (var i = 0; i < 3000; i++)
        {
            var chosen = SelectOnce(pool, "tenant-" + i);
            counts[chosen] = counts.GetValueOrDefault(chosen) + 1;
        }

        // An equal share is 1000 keys each; 800..1200 is far outside the table's unevenness.
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 800, 1200));
    }

    [Fact]
    public void Select_NoKey_UsesDefaultAlgorithm()
    {
        var pool = HashPool(3);
        var seen = new HashSet<Endpoint>();

        for (var i = 0; i < 30; i++)
        {
            seen.Add(SelectOnce(pool, ""));
        }

        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void Select_Retry_MovesToAnotherEndpoint()
    {
        var pool = HashPool(3);
        var state = default(EndpointSelection);
        var first = pool.Select(ref state, 0, "tenant-7")!;
        var second = pool.Select(ref state, 0, "tenant-7")!;
        var third = pool.Select(ref state, 0, "tenant-7")!;

        Assert.Equal(3, new HashSet<Endpoint> { first, second, third }.Count);
    }

    [Fact]
    public void Select_KeyEndpointAtConnectionLimit_TakesNextInTable()
    {
        var pool = HashPool(3);
        var usual = SelectOnce(pool, "tenant-9");
        Assert.True(usual.TryAcquire(1));

        var state = default(EndpointSelection);
        var chosen = pool.Select(ref state, 1, "tenant-9");

        Assert.NotNull(chosen);
        Assert.NotSame(usual, chosen);
    }

    [Fact]
    public void Select_KeyEndpointOverBalanceFactor_TakesNextInTable()
    {
        var pool = HashPool(3, balance: 1.5);
        var usual = SelectOnce(pool, "tenant-3");
        for (var i = 0; i < 6; i++)
        {
            Assert.True(usual.TryAcquire(0));
        }

        // Six in flight against an average of two: above 1.5 times the average.
        var state = default(EndpointSelection);
        var chosen = pool.Select(ref state, 0, "tenant-3")!;

        Assert.NotSame(usual, chosen);
        Assert.Equal(1.5, pool.HashBalanceFactor);
    }

    [Fact]
    public void Select_BalanceFactorOff_StaysOnBusyEndpoint()
    {
        var pool = HashPool(3);
        var usual = SelectOnce(pool, "tenant-3");
        for (var i = 0; i < 6; i++)
        {
            Assert.True(usual.TryAcquire(0));
        }

        Assert.Same(usual, SelectOnce(pool, "tenant-3"));
    }

    [Fact]
    public void Register_EndpointRemoved_KeysOfOthersMostlyStay()
    {
        var table = Table(_time);
        for (var i = 1; i <= 4; i++)
        {
            table.Register(HashMessage(i));
        }

        var pool = table.LookupOrThrow("app.test");
        var before = Enumerable.Range(0, 400).ToDictionary(i => i, i => SelectOnce(pool, "k" + i).Host);
        var gone = HashMessage(2);
        table.Unregister(gone);

        var moved = before.Count(kv => kv.Value != gone.Host && SelectOnce(pool, "k" + kv.Key).Host != kv.Value);

        // Maglev keeps nearly every key of the remaining endpoints in place; a few of 400 may move.
        Assert.InRange(moved, 0, 20);
    }

    [Theory]
    [InlineData("hash", LoadBalancingAlgorithm.Hash)]
    [InlineData("hashing", LoadBalancingAlgorithm.RoundRobin)]
    public void Register_UnusableOption_CountedInvalidAndRequestsUseDefault(string option, LoadBalancingAlgorithm expected)
    {
        // "hash" without hash_header, and a name Gorouter does not know: the endpoint is registered all the same.
        var table = Table(_time);
        var message = Message("10.0.0.1", 8080, "app.test");
        message.Options.LoadBalancing = option;

        var result = table.Register(message);

        Assert.Equal(1, result.InvalidOptions);
        var pool = table.LookupOrThrow("app.test");
        Assert.Equal(expected, pool.Algorithm);
        Assert.Null(pool.HashHeader);
        Assert.NotNull(SelectOnce(pool, "anything"));
    }

    [Fact]
    public void Register_SwitchedToRoundRobin_DropsHashSettings()
    {
        var table = Table(_time);
        table.Register(HashMessage(1));
        var message = Message("10.0.0.2", 8080, "app.test");
        message.Options.LoadBalancing = "round-robin";

        table.Register(message);

        var pool = table.LookupOrThrow("app.test");
        Assert.Equal(LoadBalancingAlgorithm.RoundRobin, pool.Algorithm);
        Assert.Null(pool.HashHeader);
    }

    [Fact]
    public void RouteTable_DefaultAlgorithmHash_Refused() =>
        Assert.Throws<ArgumentException>(() => Table(_time, new RouteTableOptions { DefaultLoadBalancing = LoadBalancingAlgorithm.Hash }));

    private static Endpoint SelectOnce(EndpointPool pool, string key)
    {
        var state = default(EndpointSelection);
        var chosen = pool.Select(ref state, 0, key);
        Assert.NotNull(chosen);
        chosen.Release();
        return chosen;
    }

    private EndpointPool HashPool(int endpoints, double balance = 0)
    {
        var table = Table(_time);
        for (var i = 1; i <= endpoints; i++)
        {
            table.Register(HashMessage(i, balance));
        }

        var pool = table.LookupOrThrow("app.test");
        Assert.Equal(Header, pool.HashHeader);
        return pool;
    }

    private static RouteMessages.RegistrationMessage HashMessage(int i, double balance = 0)
    {
        var message = Message("10.0.0." + i, 8080, "app.test");
        message.Options.LoadBalancing = "hash";
        message.Options.HashHeader = Header;
        message.Options.HashBalance = balance;
        return message;
    }
}
