namespace Router.Configuration;

/// <summary>The router's own <c>reload.*</c> keys.</summary>
internal static partial class RouterOptionsMapper
{
    private static ReloadOptions MapReload(ConfigBinder b, ReloadOptions d) => new()
    {
        WatchConfigFile = b.Bool("reload.watch_config_file", d.WatchConfigFile),
    };
}
