using CsCheck;

namespace RouteRegistry.Tests;

/// <summary>
/// Route nodes by segment (the route table's hosts, a wide node's children): any sequence of additions and removals
/// leaves exactly the nodes a dictionary would hold, found in any letter case, and readers never miss a node that
/// stays while others come and go.
/// </summary>
public sealed class NodeTableTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // (add or remove, which of 300 hosts): enough to grow past several rebuilds, shrink and reuse removed slots.
    private static readonly Gen<(bool Add, int Host)[]> Operations = Gen.Select(Gen.Bool, Gen.Int[0, 299]).Array[0, 3_000];

    [Fact]
    public void AnyOperations_HoldWhatADictionaryHolds() =>
        Operations.Sample(operations =>
        {
            var table = new NodeTable();
            var expected = new Dictionary<string, RouteNode>(StringComparer.Ordinal);
            foreach (var (add, host) in operations)
            {
                var name = $"app{host}.example.com";
                if (add && !expected.ContainsKey(name))
                {
                    var node = new RouteNode(name, parent: null);
                    table.Add(node);
                    expected[name] = node;
                }
                else if (!add && expected.Remove(name, out var node))
                {
                    Assert.True(table.Remove(node));
                    Assert.False(table.Remove(node));
                }
            }

            var all = new Stack<RouteNode>();
            table.PushAll(all);
            Assert.Equal(expected.Count, table.Count);
            Assert.Equal(expected.Values.OrderBy(n => n.Segment), all.OrderBy(n => n.Segment));
            for (var host = 0; host < 300; host++)
            {
                var name = $"app{host}.example.com";
                var found = table.TryGetValue(name.ToUpperInvariant(), out var node);
                Assert.Equal(expected.TryGetValue(name, out var stored), found);
                Assert.Same(stored, node);
            }
        }, iter: 200);

    [Fact]
    public void Remove_NodeOfTheSameNameNotStored_RemovesNothing()
    {
        var table = new NodeTable();
        var stored = new RouteNode("app.example.com", parent: null);
        table.Add(stored);

        Assert.False(table.Remove(new RouteNode("app.example.com", parent: null)));
        Assert.True(table.TryGetValue("APP.example.com", out var found));
        Assert.Same(stored, found);
    }

    [Fact]
    public void TryGetValue_EmptyOrUnknownHost_FindsNothingAlsoAfterRemovals()
    {
        var table = new NodeTable();
        var node = new RouteNode("app.example.com", parent: null);
        table.Add(node);
        table.Remove(node);

        Assert.False(table.TryGetValue("", out _));
        Assert.False(table.TryGetValue("app.example.com", out _));
        Assert.False(table.TryGetValue("other.example.com", out _));
    }

    [Fact]
    public async Task Readers_WhileOtherHostsComeAndGo_AlwaysFindTheHostsThatStay()
    {
        var table = new NodeTable();
        var staying = Enumerable.Range(0, 100).Select(i => new RouteNode($"stays{i}.example.com", parent: null)).ToArray();
        foreach (var node in staying)
        {
            table.Add(node);
        }

        var writerDone = 0;
        var writer = Task.Run(() =>
        {
            try
            {
                // Up to 5,000 passing hosts and back to none, ten times: the array grows and shrinks through rebuilds.
                for (var round = 0; round < 10; round++)
                {
                    var passing = Enumerable.Range(0, 5_000).Select(i => new RouteNode($"passes{i}.example.com", parent: null)).ToArray();
                    foreach (var node in passing)
                    {
                        table.Add(node);
                    }

                    foreach (var node in passing)
                    {
                        table.Remove(node);
                    }
                }
            }
            finally
            {
                Volatile.Write(ref writerDone, 1);
            }
        });

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var misses = 0;
            var lookups = 0;
            while (Volatile.Read(ref writerDone) == 0 || lookups < 10_000)
            {
                var expected = staying[lookups++ % staying.Length];
                if (!table.TryGetValue(expected.Segment, out var found) || !ReferenceEquals(found, expected))
                {
                    misses++;
                }
            }

            return misses;
        })).ToArray();

        await writer.WaitAsync(Timeout);
        var misses = await Task.WhenAll(readers).WaitAsync(Timeout);
        Assert.All(misses, count => Assert.Equal(0, count));
        Assert.Equal(staying.Length, table.Count);
    }
}
