namespace Router.Configuration.Reload;

/// <summary>The running router as a configuration reload sees it: the options in force, and a way to change the live ones.</summary>
internal interface ILiveConfiguration
{
    /// <summary>The options the router runs with now.</summary>
    RouterOptions Running { get; }

    /// <summary>
    /// Builds everything <paramref name="next"/> needs (certificates, access log), then swaps it in; on any failure
    /// nothing changes. Only the keys of <see cref="LiveOptions.Keys"/> may differ from <see cref="Running"/>.
    /// </summary>
    /// <returns>Why the options could not be applied; empty when they were.</returns>
    Task<IReadOnlyList<string>> ApplyAsync(RouterOptions next);
}
