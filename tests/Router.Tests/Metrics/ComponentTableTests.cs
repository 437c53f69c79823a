using System.Runtime.CompilerServices;
using Router.Metrics;

namespace Router.Tests.Metrics;

public class ComponentTableTests
{
    [Fact]
    public void Get_EmptyOrNull_SharedEmptyCells()
    {
        var table = new ComponentTable<object>(_ => new object());

        Assert.Same(table.Empty, table.Get(""));
        Assert.Same(table.Empty, table.Get(null));
    }

    [Fact]
    public void Get_SameValueDifferentInstances_SameCells()
    {
        var table = new ComponentTable<object>(_ => new object());

        var first = table.Get("route-emitter");
        var second = table.Get(new string("route-emitter".AsSpan()));

        Assert.Same(first, second);
        Assert.NotSame(table.Empty, first);
    }

    [Fact]
    public void Get_PastTheLimit_NewComponentsShareOverflowCells()
    {
        var created = new List<string>();
        var table = new ComponentTable<StrongBox<int>>(component =>
        {
            created.Add(component);
            return new StrongBox<int>();
        });
        for (var i = 0; i < ComponentTable<StrongBox<int>>.MaxComponents; i++)
        {
            table.Get("c" + i).Value++;
        }

        table.Get("late-1").Value++;
        table.Get("late-2").Value++;

        var snapshot = table.Snapshot();
        Assert.Equal(ComponentTable<StrongBox<int>>.MaxComponents + 2, snapshot.Count);
        var overflow = snapshot.Single(e => e.Key == ComponentTable<StrongBox<int>>.OverflowComponent).Value;
        Assert.Equal(2, overflow.Value);
        Assert.Equal(1, table.Get("c0").Value);
        Assert.DoesNotContain("late-1", created);
        Assert.Contains(ComponentTable<StrongBox<int>>.OverflowComponent, created);
    }

    [Fact]
    public void Snapshot_Components_EmptyFirstThenOrdinalOrder()
    {
        var table = new ComponentTable<object>(_ => new object());
        table.Get("b");
        table.Get("B");
        table.Get("a");

        var keys = table.Snapshot().Select(e => e.Key);

        Assert.Equal(["", "B", "a", "b"], keys);
    }
}
