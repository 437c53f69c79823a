using System.Collections.ObjectModel;

namespace Router.Configuration;

/// <summary>List reads. From YAML a list is a sequence; from an environment variable it is comma-separated.</summary>
internal sealed partial class ConfigBinder
{
    /// <summary>Reads a list of strings; empty entries of a comma-separated value are dropped.</summary>
    public IReadOnlyList<string> StringList(string path, IReadOnlyList<string> defaultValue)
    {
        if (Find(path) is not { } node)
        {
            return defaultValue;
        }

        if (node.Kind == ConfigNodeKind.Scalar && node.FromEnvironment)
        {
            return SplitEnvironmentList(node.Value!);
        }

        if (node.Kind != ConfigNodeKind.Sequence)
        {
            Fail(path, node, "expected a list");
            return defaultValue;
        }

        var result = new List<string>(node.Items.Count);
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            if (item.Kind == ConfigNodeKind.Scalar)
            {
                result.Add(item.Value!);
            }
            else
            {
                Fail($"{path}[{i}]", item, "expected a string");
                MarkFailed(path);
            }
        }

        return result.AsReadOnly();
    }

    /// <summary>
    /// Reads a list of mappings, e.g. <c>nats.hosts</c>. <paramref name="fromMapping"/> reads one YAML item;
    /// <paramref name="fromText"/> reads one comma-separated item of an environment variable and returns
    /// null when it does not fit <paramref name="textFormat"/>.
    /// </summary>
    public IReadOnlyList<T> ObjectList<T>(
        string path,
        IReadOnlyList<T> defaultValue,
        Func<string, ConfigNode, T> fromMapping,
        Func<string, T?> fromText,
        string textFormat)
        where T : class
    {
        if (Find(path) is not { } node)
        {
            return defaultValue;
        }

        if (node.Kind == ConfigNodeKind.Scalar && node.FromEnvironment)
        {
            var parsed = new List<T>();
            foreach (var text in SplitEnvironmentList(node.Value!))
            {
                if (fromText(text) is { } item)
                {
                    parsed.Add(item);
                }
                else
                {
                    Fail(path, node, $"expected a comma-separated list of {textFormat}");
                    return defaultValue;
                }
            }

            return parsed.AsReadOnly();
        }

        if (node.Kind != ConfigNodeKind.Sequence)
        {
            Fail(path, node, "expected a list");
            return defaultValue;
        }

        var result = new List<T>(node.Items.Count);
        for (var i = 0; i < node.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = node.Items[i];
            if (item.Kind == ConfigNodeKind.Mapping)
            {
                result.Add(fromMapping(itemPath, item));
            }
            else
            {
                Fail(itemPath, item, "expected a mapping");
                MarkFailed(path);
            }
        }

        return result.AsReadOnly();
    }

    /// <summary>Reads a string field of a list item; a missing field gives <paramref name="defaultValue"/>.</summary>
    public string ItemString(string itemPath, ConfigNode item, string key, string defaultValue) =>
        item.Children.TryGetValue(key, out var node) && node.Kind != ConfigNodeKind.Null
            ? ParseString(itemPath + "." + key, node, defaultValue)
            : defaultValue;

    /// <summary>Reads an integer field of a list item; a missing field gives <paramref name="defaultValue"/>.</summary>
    public int ItemInt(string itemPath, ConfigNode item, string key, int defaultValue) =>
        item.Children.TryGetValue(key, out var node) && node.Kind != ConfigNodeKind.Null
            ? ParseInt(itemPath + "." + key, node, defaultValue)
            : defaultValue;

    /// <summary>Warns about fields of a list item that are none of <paramref name="known"/>.</summary>
    public void WarnUnknownFields(string itemPath, ConfigNode item, params string[] known)
    {
        foreach (var (key, value) in item.Children)
        {
            if (Array.IndexOf(known, key) < 0)
            {
                Warnings.Add($"{itemPath}.{key}: unknown key; ignored ({value.KeyOrigin})");
            }
        }
    }

    private static ReadOnlyCollection<string> SplitEnvironmentList(string value) =>
        Array.AsReadOnly(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
