using System.Globalization;
using Conventions;

namespace Router.Configuration;

/// <summary>
/// Typed reads from the <see cref="ConfigNode"/> tree by key path. A missing or null key gives the
/// default; a value of the wrong type is recorded as an error naming the key, the value and where it
/// came from, and the default is used so that reading can go on and report every problem. Every path
/// read is remembered, so that <see cref="ConfigKeyWalker"/> can warn about the keys nobody read.
/// </summary>
internal sealed partial class ConfigBinder
{
    private readonly ConfigNode _root;
    private readonly HashSet<string> _failedKeys = new(StringComparer.Ordinal);

    public ConfigBinder(ConfigNode root) => _root = root;

    /// <summary>Type errors found so far.</summary>
    public List<ConfigError> Errors { get; } = [];

    /// <summary>Notes for the operator (deprecated names, legacy forms) found so far.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Every key path that was read, present or not.</summary>
    public HashSet<string> ReadKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the key is present with a non-null value.</summary>
    public bool IsSet(string path) => Find(path) is not null;

    /// <summary>Finds the node at a dotted path; null when absent or null. Marks the path as read.</summary>
    public ConfigNode? Find(string path) => Find(path, markRead: true);

    /// <summary>Looks at the node at a dotted path without marking it read or reporting anything.</summary>
    public ConfigNode? Peek(string path) => Find(path, markRead: false);

    private ConfigNode? Find(string path, bool markRead)
    {
        if (markRead)
        {
            ReadKeys.Add(path);
        }

        var node = _root;
        var start = 0;
        while (true)
        {
            var dot = path.IndexOf('.', start);
            var segment = dot < 0 ? path[start..] : path[start..dot];
            if (!node.Children.TryGetValue(segment, out var child) || child.Kind == ConfigNodeKind.Null)
            {
                return null;
            }

            if (dot < 0)
            {
                return child;
            }

            if (child.Kind != ConfigNodeKind.Mapping)
            {
                if (markRead)
                {
                    Fail(path[..dot], child, "expected a mapping");
                }

                return null;
            }

            node = child;
            start = dot + 1;
        }
    }

    /// <summary>Where a key's value came from, e.g. <c>at router.yaml:3:7</c>; null when the key is absent.</summary>
    public string? OriginOf(string path)
    {
        var node = _root;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            if (node.Kind != ConfigNodeKind.Mapping || !node.Children.TryGetValue(name, out var next))
            {
                return null;
            }

            node = next;
            if (bracket >= 0 && int.TryParse(segment.AsSpan(bracket + 1, segment.Length - bracket - 2), CultureInfo.InvariantCulture, out var index))
            {
                if (node.Kind != ConfigNodeKind.Sequence || index >= node.Items.Count)
                {
                    return node.Origin;
                }

                node = node.Items[index];
            }
        }

        return node.Origin;
    }

    public int Int(string path, int defaultValue) => Find(path) is { } node ? ParseInt(path, node, defaultValue) : defaultValue;

    public bool Bool(string path, bool defaultValue) => Find(path) is { } node ? ParseBool(path, node, defaultValue) : defaultValue;

    public string String(string path, string defaultValue) => Find(path) is { } node ? ParseString(path, node, defaultValue) : defaultValue;

    public TimeSpan Duration(string path, TimeSpan defaultValue)
    {
        if (Find(path) is not { } node || ScalarText(path, node, "expected a duration") is not { } text)
        {
            return defaultValue;
        }

        if (DurationParser.TryParse(text, out var value))
        {
            return value;
        }

        Fail(path, node, "expected a duration such as 5s, 1m30s or 500ms (a bare number means seconds)");
        return defaultValue;
    }

    /// <summary>Reads one of a fixed set of names, e.g. <c>round-robin</c>; names are matched exactly, as Gorouter does.</summary>
    public T Choice<T>(string path, T defaultValue, IReadOnlyList<(string Name, T Value)> choices)
    {
        if (Find(path) is not { } node || ScalarText(path, node, "expected a string") is not { } text)
        {
            return defaultValue;
        }

        foreach (var (name, value) in choices)
        {
            if (name == text)
            {
                return value;
            }
        }

        Fail(path, node, "must be one of " + string.Join(", ", choices.Select(c => c.Name)));
        return defaultValue;
    }

    /// <summary>
    /// Marks a key as unusable without a message of its own, e.g. a list with a bad item: the item's
    /// error says it all, and checks of the whole list would only add noise.
    /// </summary>
    public void MarkFailed(string path) => _failedKeys.Add(path);

    /// <summary>True when <paramref name="key"/> or a section or list above it could not be read.</summary>
    public bool IsUnderFailedKey(string key)
    {
        foreach (var failed in _failedKeys)
        {
            if (key.StartsWith(failed, StringComparison.Ordinal)
                && (key.Length == failed.Length || key[failed.Length] is '.' or '['))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records an error for a key, once per key.</summary>
    public void Fail(string path, ConfigNode node, string expectation)
    {
        if (_failedKeys.Add(path))
        {
            Errors.Add(new ConfigError(path, $"{expectation}, got {node.Describe()} ({node.Origin})"));
        }
    }

    private int ParseInt(string path, ConfigNode node, int defaultValue)
    {
        if (ScalarText(path, node, "expected an integer") is { } text
            && int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Fail(path, node, "expected an integer");
        return defaultValue;
    }

    private bool ParseBool(string path, ConfigNode node, bool defaultValue)
    {
        // YAML 1.1 spellings as well, because Gorouter's YAML library accepts them.
        switch (ScalarText(path, node, "expected true or false")?.Trim().ToUpperInvariant())
        {
            case "TRUE" or "YES" or "ON" or "Y":
                return true;
            case "FALSE" or "NO" or "OFF" or "N":
                return false;
            default:
                Fail(path, node, "expected true or false");
                return defaultValue;
        }
    }

    private string ParseString(string path, ConfigNode node, string defaultValue) =>
        ScalarText(path, node, "expected a string") ?? defaultValue;

    /// <summary>The text of a scalar node, or null after recording that a scalar was expected.</summary>
    private string? ScalarText(string path, ConfigNode node, string expectation)
    {
        if (node.Kind == ConfigNodeKind.Scalar)
        {
            return node.Value;
        }

        Fail(path, node, expectation);
        return null;
    }
}
