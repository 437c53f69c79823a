namespace Router.Configuration;

/// <summary>A loaded configuration.</summary>
/// <param name="Options">The validated options.</param>
/// <param name="Warnings">
/// Notes for the operator, one per key: Gorouter keys this router does not support yet (accepted and
/// ignored), unknown keys, and older key names read under their new name. Log them at start-up.
/// </param>
public sealed record RouterConfigResult(RouterOptions Options, IReadOnlyList<string> Warnings)
{
    /// <summary>Each key's value as text, environment overrides included, for a reload to find what changed.</summary>
    internal IReadOnlyDictionary<string, string> KeyValues { get; init; } = new Dictionary<string, string>();
}
