using Router.Configuration;

namespace Router.Tests.Configuration;

/// <summary>The two lists of docs/configuration.md say what the loader does: supported keys are read, ignored keys warned.</summary>
public partial class RepositoryFilesTests
{
    private const string UnsupportedHeading = "## Accepted but not supported yet";

    [Fact]
    public void ConfigurationDoc_SupportedSection_EveryKeyReadAndNoneIgnored()
    {
        var (supported, _) = DocumentedKeysBySection();
        var binder = new ConfigBinder(ConfigNode.Mapping("test"));
        RouterOptionsMapper.Map(binder);

        var unread = supported.Where(k => !binder.ReadKeys.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var ignored = supported.Where(k => ConfigKeyCatalog.Unsupported.Contains(k) || ConfigKeyCatalog.IgnoredByGorouter.Contains(k))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Empty(unread);
        Assert.Empty(ignored);
    }

    [Fact]
    public void ConfigurationDoc_IgnoredSection_EveryKeyInTheCatalogAndNotRead()
    {
        var (_, listed) = DocumentedKeysBySection();
        var binder = new ConfigBinder(ConfigNode.Mapping("test"));
        RouterOptionsMapper.Map(binder);

        var notInCatalog = listed.Where(k => !ConfigKeyCatalog.Unsupported.Contains(k) && !ConfigKeyCatalog.IgnoredByGorouter.Contains(k))
            .Order(StringComparer.Ordinal).ToList();
        var read = listed.Where(binder.ReadKeys.Contains).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(notInCatalog);
        Assert.Empty(read);
    }

    private static (HashSet<string> Supported, HashSet<string> Ignored) DocumentedKeysBySection()
    {
        var text = File.ReadAllText(ConfigTestHelpers.RepositoryFile("docs/configuration.md"));
        var split = text.IndexOf(UnsupportedHeading, StringComparison.Ordinal);
        Assert.True(split > 0, "docs/configuration.md has no section " + UnsupportedHeading);
        static HashSet<string> Keys(string part) =>
            KeyCell().Matches(part).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return (Keys(text[..split]), Keys(text[split..]));
    }
}
