namespace Router.Tests.Architecture;

/// <summary>Groups of namespaces that use each other in a circle (strongly connected components of more than one).</summary>
internal static class NamespaceCycles
{
    public static List<List<string>> Find(IEnumerable<(string From, string To)> edges)
    {
        var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (from, to) in edges)
        {
            if (!next.TryGetValue(from, out var targets))
            {
                next[from] = targets = [];
            }

            targets.Add(to);
            next.TryAdd(to, []);
        }

        // Two namespaces are in one cycle when each reaches the other.
        var reach = next.Keys.ToDictionary(node => node, node => Reachable(node, next), StringComparer.Ordinal);
        var cycles = new List<List<string>>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in next.Keys.Order(StringComparer.Ordinal))
        {
            if (placed.Contains(node))
            {
                continue;
            }

            var group = next.Keys.Where(other => reach[node].Contains(other) && reach[other].Contains(node)).Order(StringComparer.Ordinal).ToList();
            if (group.Count > 1)
            {
                placed.UnionWith(group);
                cycles.Add(group);
            }
        }

        return cycles;
    }

    private static HashSet<string> Reachable(string start, Dictionary<string, List<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(next[start]);
        while (pending.TryPop(out var node))
        {
            if (seen.Add(node))
            {
                foreach (var target in next[node])
                {
                    pending.Push(target);
                }
            }
        }

        return seen;
    }
}
