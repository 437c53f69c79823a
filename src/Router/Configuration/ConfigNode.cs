namespace Router.Configuration;

/// <summary>The shape of a <see cref="ConfigNode"/>.</summary>
internal enum ConfigNodeKind
{
    /// <summary>An explicit YAML null (<c>key:</c>, <c>~</c>, <c>null</c>): read as "not set".</summary>
    Null,
    Scalar,
    Mapping,
    Sequence,
}

/// <summary>
/// One node of the configuration tree: YAML parsed into plain values with the place each came from,
/// so that type errors can name the key and the file position or environment variable.
/// </summary>
internal sealed class ConfigNode
{
    private ConfigNode(ConfigNodeKind kind, string location, string? value, bool fromEnvironment)
    {
        Kind = kind;
        Location = location;
        Value = value;
        FromEnvironment = fromEnvironment;
    }

    public ConfigNodeKind Kind { get; }

    /// <summary>Where the value came from, e.g. <c>router.yaml:12:7</c> or <c>ROUTER_PORT</c>.</summary>
    public string Location { get; }

    /// <summary>True when an environment variable set the value; lists then arrive comma-separated.</summary>
    public bool FromEnvironment { get; }

    /// <summary>The text of a scalar; null for other kinds.</summary>
    public string? Value { get; }

    /// <summary>Children of a mapping by key, in file order; empty for other kinds.</summary>
    public OrderedDictionary<string, ConfigNode> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>Items of a sequence; empty for other kinds.</summary>
    public List<ConfigNode> Items { get; } = [];

    /// <summary>Where the key naming this node was written, when it sits in a YAML mapping.</summary>
    public string? KeyLocation { get; set; }

    /// <summary>Describes where the value came from: <c>at router.yaml:3:7</c> or <c>from ROUTER_PORT</c>.</summary>
    public string Origin => FromEnvironment ? "from " + Location : "at " + Location;

    /// <summary>Describes where the key was written; messages about a key itself point here.</summary>
    public string KeyOrigin => FromEnvironment ? "from " + Location : "at " + (KeyLocation ?? Location);

    public static ConfigNode Null(string location) => new(ConfigNodeKind.Null, location, null, false);

    public static ConfigNode Scalar(string value, string location) => new(ConfigNodeKind.Scalar, location, value, false);

    public static ConfigNode EnvironmentScalar(string value, string variable) => new(ConfigNodeKind.Scalar, variable, value, true);

    public static ConfigNode Mapping(string location, bool fromEnvironment = false) =>
        new(ConfigNodeKind.Mapping, location, null, fromEnvironment);

    public static ConfigNode Sequence(string location) => new(ConfigNodeKind.Sequence, location, null, false);

    /// <summary>Describes the value for an error message: the quoted scalar, or its kind.</summary>
    public string Describe() => Kind switch
    {
        ConfigNodeKind.Scalar => Quote(Value!),
        ConfigNodeKind.Mapping => "a mapping",
        ConfigNodeKind.Sequence => "a list",
        _ => "null",
    };

    /// <summary>Quotes a value for a message, on one line and short enough to read (PEM blocks are long).</summary>
    public static string Quote(string value)
    {
        const int MaxShown = 60;
        var oneLine = value.ReplaceLineEndings("\\n");
        return "'" + (oneLine.Length > MaxShown ? string.Concat(oneLine.AsSpan(0, MaxShown), "...") : oneLine) + "'";
    }
}
