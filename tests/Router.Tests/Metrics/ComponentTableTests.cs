using Router.Metrics;

namespace Router.Tests.Metrics;

public class ComponentTableTests
{
    [Fact]
    public void Get_EmptyOrNull_SharedEmptyCells()
    {
        var table = new ComponentTable<RequestCells>();

        Assert.Same(table.Empty, table.Get(""));
        Assert.Same(table.Empty, table.Get(null));
    }

    [Fact]
    public void Get_SameValueDifferentInstances_SameCells()
    {
        var table = new ComponentTable<RequestCells>();

        var first = table.Get("route-emitter");
        var second = table.Get(new string("route-emitter".AsSpan()));

        Assert.Same(first, second);
        Assert.NotSame(table.Empty, first);
    }

    [Fact]
    public void Get_PastTheLimit_NewComponentsShareOverflowCells()
    {
        var table = new ComponentTable<RegistryCells>();
        for (var i = 0; i < ComponentTable<RegistryCells>.MaxComponents; i++)
        {
            table.Get("c" + i).AddAdded(1);
        }

        table.Get("late-1").AddAdded(1);
        table.Get("late-2").AddAdded(1);

        var snapshot = table.Snapshot();
        Assert.Equal(ComponentTable<RegistryCells>.MaxComponents + 2, snapshot.Count);
        var overflow = snapshot.Single(e => e.Key == ComponentTable<RegistryCells>.OverflowComponent).Value;
        Assert.Equal(2, overflow.ReadAdded());
        Assert.Equal(1, table.Get("c0").ReadAdded());
    }

    [Fact]
    public void Snapshot_Components_EmptyFirstThenOrdinalOrder()
    {
        var table = new ComponentTable<RequestCells>();
        table.Get("b");
        table.Get("B");
        table.Get("a");

        var keys = table.Snapshot().Select(e => e.Key);

        Assert.Equal(["", "B", "a", "b"], keys);
    }
}
