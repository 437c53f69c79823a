using System.Collections;
using System.Runtime.CompilerServices;
using Router.Configuration;

namespace Router.Tests.Configuration;

/// <summary>Loads YAML with a given environment, so tests never touch the process environment.</summary>
internal static class ConfigTestHelpers
{
    public static IDictionary Env(params (string Name, string Value)[] variables)
    {
        var env = new Hashtable();
        foreach (var (name, value) in variables)
        {
            env[name] = value;
        }

        return env;
    }

    public static RouterConfigResult Load(string yaml, params (string Name, string Value)[] variables) =>
        RouterConfigLoader.LoadFromYaml(yaml, Env(variables));

    public static IReadOnlyList<string> Errors(string yaml, params (string Name, string Value)[] variables) =>
        Assert.Throws<RouterConfigException>(() => Load(yaml, variables)).Errors;

    /// <summary>The single error about <paramref name="key"/>; fails when there is none or more than one.</summary>
    public static string SingleErrorFor(IReadOnlyList<string> errors, string key) =>
        Assert.Single(errors, e => e.StartsWith(key + ": ", StringComparison.Ordinal));

    /// <summary>Finds a file of the repository by walking up from this source file, then from the test binaries.</summary>
    public static string RepositoryFile(string relativePath, [CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Router.sln")))
                {
                    return Path.Combine(dir.FullName, relativePath);
                }
            }
        }

        throw new InvalidOperationException("Router.sln not found above " + sourceFile);
    }
}
