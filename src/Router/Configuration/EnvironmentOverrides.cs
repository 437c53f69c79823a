using System.Collections;

namespace Router.Configuration;

/// <summary>
/// Applies <c>ROUTER_*</c> environment variables on top of the YAML tree. The variable name is
/// <c>ROUTER_</c> plus the key path upper-cased with <c>__</c> between levels
/// (<c>ROUTER_BACKENDS__MAX_CONNS</c> sets <c>backends.max_conns</c>). The value replaces whatever the
/// file had at that path, lists included; list values are comma-separated and are split when the key
/// is read, because only the reader knows which keys are lists.
/// </summary>
internal static class EnvironmentOverrides
{
    public const string Prefix = "ROUTER_";

    public static void Apply(ConfigNode root, IDictionary environment, List<string> warnings)
    {
        var variables = new List<(string Name, string Value)>();
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                variables.Add((name, entry.Value as string ?? ""));
            }
        }

        // Sorted, so that variables naming the same key in different letter case resolve the same way
        // on every run.
        variables.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var (name, value) in variables)
        {
            var segments = name[Prefix.Length..].ToLowerInvariant().Split("__");
            if (Array.Exists(segments, s => s.Length == 0))
            {
                warnings.Add($"{name}: environment variable does not name a key (ROUTER_ then the key path with __ between levels); ignored");
                continue;
            }

            Set(root, segments, ConfigNode.EnvironmentScalar(value, name), name);
        }
    }

    private static void Set(ConfigNode root, string[] segments, ConfigNode value, string variable)
    {
        var node = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (!node.Children.TryGetValue(segments[i], out var child) || child.Kind != ConfigNodeKind.Mapping)
            {
                // The environment wins over the file, also over a file value that is not a mapping.
                child = ConfigNode.Mapping(variable, fromEnvironment: true);
                node.Children[segments[i]] = child;
            }

            node = child;
        }

        node.Children[segments[^1]] = value;
    }
}
