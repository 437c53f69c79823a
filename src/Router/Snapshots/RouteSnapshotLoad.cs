namespace Router.Snapshots;

/// <summary>What loading a route snapshot at start-up did.</summary>
/// <param name="IgnoredReason">Why the whole snapshot was ignored, or null when it was loaded.</param>
/// <param name="WrittenAt">When the snapshot was written, if its header could be read and trusted that far.</param>
/// <param name="Restored">Entries restored into the route table.</param>
/// <param name="Skipped">Entries skipped because they did not make a registration the table accepts.</param>
internal sealed record RouteSnapshotLoad(string? IgnoredReason, DateTimeOffset? WrittenAt, int Restored, int Skipped)
{
    /// <summary>True when the snapshot was trusted and its entries replayed.</summary>
    public bool Loaded => IgnoredReason is null;

    /// <summary>A snapshot ignored as a whole.</summary>
    public static RouteSnapshotLoad Ignored(string reason, DateTimeOffset? writtenAt = null) => new(reason, writtenAt, 0, 0);
}
