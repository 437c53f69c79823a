using System.Text;

namespace Router.Configuration;

/// <summary>
/// A loaded configuration as text per key, after environment overrides: what a reload compares to learn which keys
/// changed. Mappings are walked into (<c>access_log.file</c>); a list or a scalar is one value (<c>tls_pem</c>).
/// </summary>
internal static class ConfigKeyValues
{
    /// <summary>Every leaf key of <paramref name="root"/> with a text that differs exactly when the value differs.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(ConfigNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Kind == ConfigNodeKind.Mapping)
        {
            Walk(root, "", values);
        }

        return values;
    }

    /// <summary>The keys whose values differ between <paramref name="before"/> and <paramref name="after"/> (added or removed too), sorted.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in after)
        {
            if (!before.TryGetValue(key, out var old) || !string.Equals(old, value, StringComparison.Ordinal))
            {
                changed.Add(key);
            }
        }

        foreach (var key in before.Keys)
        {
            if (!after.ContainsKey(key))
            {
                changed.Add(key);
            }
        }

        return [.. changed];
    }

    private static void Walk(ConfigNode mapping, string prefix, Dictionary<string, string> values)
    {
        foreach (var (name, child) in mapping.Children)
        {
            var key = prefix + name;
            if (child.Kind == ConfigNodeKind.Mapping)
            {
                Walk(child, key + ".", values);
            }
            else
            {
                var text = new StringBuilder();
                Write(child, text);
                values[key] = text.ToString();
            }
        }
    }

    private static void Write(ConfigNode node, StringBuilder text)
    {
        switch (node.Kind)
        {
            case ConfigNodeKind.Scalar:
                // Length-prefixed so that no value can imitate the punctuation around another.
                text.Append(node.Value!.Length).Append(':').Append(node.Value);
                break;
            case ConfigNodeKind.Mapping:
                text.Append('{');
                foreach (var (name, child) in node.Children)
                {
                    text.Append(name.Length).Append(':').Append(name).Append('=');
                    Write(child, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case ConfigNodeKind.Sequence:
                text.Append('[');
                foreach (var item in node.Items)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            default:
                text.Append('~');
                break;
        }
    }
}
