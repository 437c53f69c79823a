using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Router.Configuration;

/// <summary>
/// Parses <c>router.yaml</c> with YamlDotNet's representation model into a <see cref="ConfigNode"/>
/// tree. Typing happens later, per key, so every error can name its key.
/// </summary>
internal static class YamlConfigTree
{
    /// <summary>Parses the first YAML document; an empty file gives an empty mapping (all defaults).</summary>
    /// <exception cref="RouterConfigException">The text is not valid YAML or its top level is not a mapping.</exception>
    public static ConfigNode Parse(string yaml, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            var (line, column) = TabIndentation(yaml, ex) ?? UnknownAlias(yaml, ex) ?? (ex.Start.Line, ex.Start.Column);
            throw new RouterConfigException(sourceName, [$"{sourceName}:{line}:{column}: invalid YAML: {Describe(ex)}"]);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet 16 fails this way on some unterminated flow collections, without a position.
            throw new RouterConfigException(sourceName, [$"{sourceName}: invalid YAML (an unclosed [ or {{?): {ex.Message}"]);
        }

        if (stream.Documents.Count == 0)
        {
            return ConfigNode.Mapping(sourceName);
        }

        var root = Convert(stream.Documents[0].RootNode, sourceName);
        return root.Kind switch
        {
            ConfigNodeKind.Mapping => root,
            ConfigNodeKind.Null => ConfigNode.Mapping(sourceName),
            _ => throw new RouterConfigException(
                sourceName,
                [$"{sourceName}: the top level must be a mapping of keys to values, got {root.Describe()} ({root.Origin})"]),
        };
    }

    private static ConfigNode Convert(YamlNode node, string sourceName)
    {
        var location = $"{sourceName}:{node.Start.Line}:{node.Start.Column}";
        switch (node)
        {
            case YamlScalarNode scalar:
                return IsNull(scalar) ? ConfigNode.Null(location) : ConfigNode.Scalar(scalar.Value ?? "", location);
            case YamlSequenceNode sequence:
                var list = ConfigNode.Sequence(location);
                foreach (var item in sequence.Children)
                {
                    list.Items.Add(Convert(item, sourceName));
                }

                return list;
            case YamlMappingNode mapping:
                var map = ConfigNode.Mapping(location);
                var merges = new List<ConfigNode>();
                foreach (var (key, value) in mapping.Children)
                {
                    // Complex keys (a list or mapping used as a key) mean nothing here; their text is
                    // kept so the key walk can report them as unknown.
                    var name = key is YamlScalarNode keyScalar ? keyScalar.Value ?? "" : key.ToString();
                    var child = Convert(value, sourceName);
                    child.KeyLocation = $"{sourceName}:{key.Start.Line}:{key.Start.Column}";
                    if (name == "<<" && key is YamlScalarNode { Style: ScalarStyle.Plain } && IsMergeable(child))
                    {
                        merges.Add(child);
                    }
                    else
                    {
                        map.Children[name] = child;
                    }
                }

                Merge(map, merges);
                return map;
            default:
                // Aliases are resolved by YamlStream.Load; nothing else reaches here.
                return ConfigNode.Null(location);
        }
    }

    private static bool IsMergeable(ConfigNode node) =>
        node.Kind == ConfigNodeKind.Mapping
        || (node.Kind == ConfigNodeKind.Sequence && node.Items.TrueForAll(i => i.Kind == ConfigNodeKind.Mapping));

    /// <summary>
    /// YAML merge keys (<c>&lt;&lt;: *defaults</c>): keys written in the mapping itself win, then the
    /// merged mappings in order. YamlDotNet's MergingParser rejects such overrides as duplicates.
    /// </summary>
    private static void Merge(ConfigNode map, List<ConfigNode> merges)
    {
        foreach (var merge in merges)
        {
            foreach (var source in merge.Kind == ConfigNodeKind.Mapping ? [merge] : merge.Items)
            {
                foreach (var (key, value) in source.Children)
                {
                    map.Children.TryAdd(key, value);
                }
            }
        }
    }

    /// <summary>YAML 1.2 core-schema nulls, for plain (unquoted) scalars only.</summary>
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL" or null;

    /// <summary>
    /// YamlDotNet reports a tab used as indentation at the start of the enclosing mapping; the line
    /// holding the tab is what the operator must fix.
    /// </summary>
    private static (long Line, long Column)? TabIndentation(string yaml, YamlException ex)
    {
        if (!ex.Message.Contains("tab", StringComparison.Ordinal))
        {
            return null;
        }

        var lines = yaml.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    /// <summary>YamlDotNet reports an alias of an undefined anchor at the document start; find the alias.</summary>
    private static (long Line, long Column)? UnknownAlias(string yaml, YamlException ex)
    {
        if (ex is not AnchorNotFoundException)
        {
            return null;
        }

        var start = ex.Message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : ex.Message.IndexOf('\'', start + 1);
        if (end < 0)
        {
            return null;
        }

        var alias = "*" + ex.Message[(start + 1)..end];
        var lines = yaml.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(alias, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (i + 1, column + 1);
            }
        }

        return null;
    }

    /// <summary>YamlDotNet prefixes its messages with the span; the caller prints the position already.</summary>
    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }
}
