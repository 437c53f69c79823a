namespace LoadGen.Report;

/// <summary>Names, table order and descriptions of the contenders run.sh knows.</summary>
internal static class Contenders
{
    public const string Direct = "direct";
    public const string BareYarp = "bareyarp";

    private static readonly string[] Order = [Direct, "nginx", "haproxy", BareYarp, "router-nometrics", "router", "router-accesslog"];

    public static string Describe(string name) => name switch
    {
        Direct => "direct to backend (ceiling)",
        "nginx" => "nginx `proxy_pass`, upstream keep-alive",
        "haproxy" => "haproxy",
        BareYarp => "bare YARP `IHttpForwarder`",
        "router-nometrics" => "router, per-request metrics off, access log off",
        "router" => "router, metrics on, access log off",
        "router-accesslog" => "router, metrics on, access log on",
        _ => name,
    };

    /// <summary>Known contenders first in their fixed order, then any others by name.</summary>
    public static IEnumerable<string> Sort(IEnumerable<string> names) =>
        names.Distinct(StringComparer.Ordinal)
            .OrderBy(name => Array.IndexOf(Order, name) is int index and >= 0 ? index : Order.Length)
            .ThenBy(name => name, StringComparer.Ordinal);

    /// <summary>Contender names found in files named <c>&lt;round&gt;.&lt;contender&gt;.&lt;ext&gt;</c>.</summary>
    public static IReadOnlyList<(int Round, string Contender, string Path)> Files(string directory, string extension)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        List<(int, string, string)> files = [];
        foreach (string path in Directory.EnumerateFiles(directory, "*." + extension))
        {
            string[] parts = Path.GetFileNameWithoutExtension(path).Split('.', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], out int round))
            {
                files.Add((round, parts[1], path));
            }
        }

        return files;
    }
}
