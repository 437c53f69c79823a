using Router.Proxying;

namespace Router.Tests.Architecture;

public class NamespaceDependencyTests
{
    private static readonly NamespaceGraph RouterGraph = NamespaceGraph.Read(
        typeof(ProxyHandler).Assembly.Location,
        ns => ns == "Router" || ns.StartsWith("Router.", StringComparison.Ordinal));

    [Fact]
    public void RouterAssembly_Namespaces_HaveNoCycles()
    {
        var cycles = NamespaceCycles.Find(RouterGraph.Edges.Keys);

        var report = string.Join(
            Environment.NewLine,
            cycles.Select(group => string.Join(", ", group) + ": " + string.Join("; ", RouterGraph.Edges
                .Where(edge => group.Contains(edge.Key.From) && group.Contains(edge.Key.To))
                .Select(edge => edge.Value))));
        Assert.True(cycles.Count == 0, "Namespaces that use each other in a circle:" + Environment.NewLine + report);
    }

    [Theory]
    [InlineData("Router.Proxying", "Router.Configuration")]
    [InlineData("Router.Proxying", "Router.Status")]
    [InlineData("Router.AccessLog", "Router.Proxying")]
    [InlineData("Router.Hosting", "Router.Proxying")]
    [InlineData("Router", "Router.Hosting")]
    public void RouterAssembly_KnownUse_AppearsAsEdge(string from, string to)
    {
        Assert.True(RouterGraph.Edges.ContainsKey((from, to)), $"{from} -> {to} not seen; edges: {string.Join(", ", RouterGraph.Edges.Keys)}");
    }

    [Fact]
    public void Find_ThreeNamespacesInACircle_ReportsThemAsOneCycle()
    {
        var cycles = NamespaceCycles.Find([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("E", "D")]);

        var cycle = Assert.Single(cycles);
        Assert.Equal(["A", "B", "C"], cycle);
    }

    [Fact]
    public void Find_OneWayUses_ReportsNoCycle()
    {
        Assert.Empty(NamespaceCycles.Find([("A", "B"), ("B", "C"), ("A", "C")]));
    }
}
