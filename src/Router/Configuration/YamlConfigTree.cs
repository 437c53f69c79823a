using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;
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
            // A flow collection still open at the end of the text is reported where the text ends; where it opens is
            // what the operator must fix.
            var (line, column, problem) = ex.Message.Contains("flow", StringComparison.Ordinal) && UnclosedFlowCollection(yaml) is { } unclosed
                ? unclosed
                : TabIndentation(yaml, ex) ?? UnknownAlias(yaml, ex) ?? (ex.Start.Line, ex.Start.Column, Describe(ex));
            throw new RouterConfigException(sourceName, [$"{sourceName}:{line}:{column}: invalid YAML: {problem}"]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16 fails this way on some unterminated flow collections, without a position and with a
            // message about its own state; the token scan finds the bracket that was never closed.
            var (line, column, problem) = UnclosedFlowCollection(yaml) ?? (1, 1, "a flow collection ([...] or {...}) is not closed");
            throw new RouterConfigException(sourceName, [$"{sourceName}:{line}:{column}: invalid YAML: {problem}"]);
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
    private static (long Line, long Column, string Problem)? TabIndentation(string yaml, YamlException ex)
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
                return (i + 1, tab + 1, Describe(ex));
            }
        }

        return null;
    }

    /// <summary>YamlDotNet reports an alias of an undefined anchor at the document start; find the alias.</summary>
    private static (long Line, long Column, string Problem)? UnknownAlias(string yaml, YamlException ex)
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
                return (i + 1, column + 1, Describe(ex));
            }
        }

        return null;
    }

    /// <summary>The innermost <c>[</c> or <c>{</c> still open where the text ends or the token scan gives up; null when none is.</summary>
    private static (long Line, long Column, string Problem)? UnclosedFlowCollection(string yaml)
    {
        var open = new Stack<(Mark Start, char Bracket)>();
        try
        {
            var scanner = new Scanner(new StringReader(yaml), skipComments: true);
            while (scanner.MoveNext())
            {
                var token = scanner.Current!;
                switch (token)
                {
                    case FlowSequenceStart:
                        open.Push((token.Start, '['));
                        break;
                    case FlowMappingStart:
                        open.Push((token.Start, '{'));
                        break;
                    case FlowSequenceEnd or FlowMappingEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // Where scanning stopped, the brackets still open are the answer.
        }

        return open.TryPeek(out var innermost)
            ? (innermost.Start.Line, innermost.Start.Column, $"'{innermost.Bracket}' is never closed")
            : null;
    }

    /// <summary>YamlDotNet prefixes its messages with the span; the caller prints the position already.</summary>
    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : ex.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }
}
