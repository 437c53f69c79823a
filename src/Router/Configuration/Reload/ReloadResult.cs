namespace Router.Configuration.Reload;

/// <summary>What one configuration reload did.</summary>
/// <param name="Applied">True when the new configuration is in force (its live keys, at least).</param>
/// <param name="Changed">Live keys whose new values took effect.</param>
/// <param name="RestartNeeded">Keys that differ from the running configuration and keep their running value until a restart.</param>
/// <param name="Errors">Why the configuration was refused, as start-up would report it; empty when applied.</param>
internal sealed record ReloadResult(
    bool Applied, IReadOnlyList<string> Changed, IReadOnlyList<string> RestartNeeded, IReadOnlyList<string> Errors);
