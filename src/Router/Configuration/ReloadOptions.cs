namespace Router.Configuration;

/// <summary>
/// How the router picks up a changed configuration without a restart (<c>reload.*</c>, this router's own keys:
/// Gorouter reads its configuration only at start). SIGHUP always reloads.
/// </summary>
public sealed record ReloadOptions
{
    /// <summary>
    /// <c>reload.watch_config_file</c>: also reload when the configuration file changes on disk, once it has been
    /// quiet for <see cref="WatchDebounce"/>. Default false.
    /// </summary>
    public bool WatchConfigFile { get; init; }

    /// <summary>How long the file must stay unchanged before a watched change is reloaded; a fixed 500 ms.</summary>
    public static TimeSpan WatchDebounce { get; } = TimeSpan.FromMilliseconds(500);
}
