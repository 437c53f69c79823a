namespace Router.Snapshots;

/// <summary>The header of a route snapshot file (<see cref="RouteSnapshotFormat"/>).</summary>
/// <param name="WrittenAtMs">When the file was written, Unix milliseconds.</param>
/// <param name="Entries">Number of entry lines after the header.</param>
/// <param name="Crc32">CRC-32 (IEEE) of every byte after the header line.</param>
internal readonly record struct RouteSnapshotHeader(long WrittenAtMs, int Entries, uint Crc32)
{
    /// <summary><see cref="WrittenAtMs"/> as a time.</summary>
    public DateTimeOffset WrittenAt => DateTimeOffset.FromUnixTimeMilliseconds(WrittenAtMs);
}
