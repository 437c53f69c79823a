using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RouteEmitterClient.CommandLine;

/// <summary>
/// Reads the sidecar's YAML file into <see cref="EmitterSettings"/>. Keys are snake_case (see the project README).
/// An unknown key is an error, so a typo does not silently leave a setting at its default.
/// </summary>
internal static class ConfigFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Parses <paramref name="yaml"/>; on failure returns null and a message naming the line and column.</summary>
    public static EmitterSettings? Parse(string yaml, string source, out string? error)
    {
        try
        {
            error = null;
            return Deserializer.Deserialize<EmitterSettings?>(yaml) ?? new EmitterSettings();
        }
        catch (YamlException ex)
        {
            // YamlDotNet wraps type errors; the innermost message says what was wrong, the mark says where.
            var reason = ex.InnerException is { } inner ? inner.Message : ex.Message;
            error = $"{source}:{ex.Start.Line}:{ex.Start.Column}: {Clean(reason)}";
            return null;
        }
    }

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static EmitterSettings? Load(string path, out string? error)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: cannot read the configuration file: {ex.Message}";
            return null;
        }

        return Parse(yaml, path, out error);
    }

    // YamlDotNet prefixes its messages with the mark again ("(Line: 3, Col: 7, Idx: ...) - (...): ").
    private static string Clean(string message)
    {
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }
}
