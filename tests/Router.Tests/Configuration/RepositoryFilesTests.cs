using System.Text.RegularExpressions;
using Router.Configuration;
using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

/// <summary>The sample router.yaml and docs/configuration.md stay in step with the loader.</summary>
public partial class RepositoryFilesTests
{
    [Fact]
    public void Load_RepositoryRouterYaml_LoadsWithoutWarnings()
    {
        var result = RouterConfigLoader.Load(RepositoryFile("router.yaml"), Env());

        Assert.Empty(result.Warnings);
        var o = result.Options;
        Assert.Equal(8081, o.Port);
        Assert.Equal(8080, o.Status.Port);
        Assert.Equal(8082, o.Status.Routes.Port);
        Assert.NotEqual("", o.Status.User);
        Assert.NotEqual("", o.Status.Pass);
        Assert.True(o.Prometheus.Enabled);
        Assert.Equal(9091, o.Prometheus.Port);
        Assert.Equal([new NatsHost("localhost", 4222)], o.Nats.Hosts);
        Assert.Equal(TimeSpan.FromSeconds(1), o.StartResponseDelayInterval);
    }

    [Fact]
    public void ConfigurationDoc_EveryKeyTheLoaderReads_IsDocumented()
    {
        var documented = DocumentedKeys();
        var binder = new ConfigBinder(ConfigNode.Mapping("test"));
        RouterOptionsMapper.Map(binder);

        var missing = binder.ReadKeys.Where(k => !documented.Contains(k)).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void ConfigurationDoc_EveryUnsupportedKey_IsListed()
    {
        var documented = DocumentedKeys();

        var missing = ConfigKeyCatalog.Unsupported.Concat(ConfigKeyCatalog.IgnoredByGorouter)
            .Where(k => !documented.Contains(k)).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void ConfigurationDoc_DocumentedKeys_AreReadOrListed()
    {
        var binder = new ConfigBinder(ConfigNode.Mapping("test"));
        RouterOptionsMapper.Map(binder);
        var known = binder.ReadKeys.Concat(ConfigKeyCatalog.Unsupported).Concat(ConfigKeyCatalog.IgnoredByGorouter).ToHashSet(StringComparer.Ordinal);

        var unknown = DocumentedKeys().Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(unknown);
    }

    /// <summary>Keys written as the first cell of a table row: <c>| `backends.max_conns` | ...</c>.</summary>
    private static HashSet<string> DocumentedKeys()
    {
        var text = File.ReadAllText(RepositoryFile("docs/configuration.md"));
        return KeyCell().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\| `([a-z0-9_.]+)`", RegexOptions.Multiline)]
    private static partial Regex KeyCell();
}
