using System.Collections;

namespace Router.Configuration;

/// <summary>
/// Loads <c>router.yaml</c>: parses the YAML, applies <c>ROUTER_*</c> environment overrides, maps every
/// key with its own type check, and validates the result. Either every problem is reported together
/// in a <see cref="RouterConfigException"/>, or the options come back with the warnings to log.
/// </summary>
public sealed class RouterConfigLoader
{
    private RouterConfigLoader()
    {
    }

    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of the YAML file; it must exist.</param>
    /// <param name="environment">Environment variables, e.g. <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <exception cref="RouterConfigException">The file is missing or unreadable, or the configuration is invalid.</exception>
    public static RouterConfigResult Load(string path, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RouterConfigException(path, [$"{path}: configuration file not found"]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RouterConfigException(path, [$"{path}: cannot read the configuration file: {ex.Message}"]);
        }

        return LoadFromYaml(yaml, environment, path);
    }

    /// <summary>Loads configuration from YAML text.</summary>
    /// <param name="yaml">The YAML document; empty text means all defaults.</param>
    /// <param name="environment">Environment variables; only <c>ROUTER_*</c> entries are used.</param>
    /// <param name="sourceName">Name of the source in messages, e.g. the file path.</param>
    /// <exception cref="RouterConfigException">The YAML is malformed or the configuration is invalid.</exception>
    public static RouterConfigResult LoadFromYaml(string yaml, IDictionary environment, string sourceName = "router.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(sourceName);

        var root = YamlConfigTree.Parse(yaml, sourceName);
        var warnings = new List<string>();
        EnvironmentOverrides.Apply(root, environment, warnings);

        var binder = new ConfigBinder(root);
        var options = RouterOptionsMapper.Map(binder);
        warnings.AddRange(binder.Warnings);
        ConfigKeyWalker.WarnAboutUnreadKeys(root, binder, warnings);

        var errors = binder.Errors.Select(e => e.ToString()).ToList();
        foreach (var error in RouterOptionsValidator.Validate(options))
        {
            // A check that ran on a default because the operator's value did not parse would only
            // repeat the parse error in a confusing form.
            if (binder.IsUnderFailedKey(error.Key) || (error.RelatedKeys?.Any(binder.IsUnderFailedKey) ?? false))
            {
                continue;
            }

            errors.Add(binder.OriginOf(error.Key) is { } origin ? $"{error} ({origin})" : error.ToString());
        }

        if (errors.Count > 0)
        {
            throw new RouterConfigException(sourceName, errors);
        }

        return new RouterConfigResult(options, warnings.AsReadOnly()) { KeyValues = ConfigKeyValues.Flatten(root) };
    }
}
