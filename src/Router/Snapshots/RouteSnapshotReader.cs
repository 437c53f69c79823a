using System.Buffers.Text;
using System.IO.Hashing;
using RouteMessages;
using RouteRegistry;

namespace Router.Snapshots;

/// <summary>
/// Reads a snapshot file back into the route table. Nothing is restored unless the whole file passes: header, format
/// version, checksum, entry count and age. Each entry then goes through the NATS message parser and
/// <see cref="RouteTable.Restore"/>, the register path; an entry either of them refuses is skipped and counted.
/// </summary>
internal static class RouteSnapshotReader
{
    // 9999-12-31T23:59:59.999Z, the last time DateTimeOffset holds.
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>Restores the snapshot at <paramref name="path"/> into <paramref name="table"/>, or nothing.</summary>
    /// <param name="table">The table to fill.</param>
    /// <param name="path">The snapshot file.</param>
    /// <param name="now">The current wall-clock time.</param>
    /// <param name="maxAge">A snapshot written longer ago than this is ignored (<c>droplet_stale_threshold</c>).</param>
    public static RouteSnapshotLoad Load(RouteTable table, string path, DateTimeOffset now, TimeSpan maxAge)
    {
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return RouteSnapshotLoad.Ignored("there is no snapshot file yet");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return RouteSnapshotLoad.Ignored("it cannot be read: " + ex.Message);
        }

        if (!RouteSnapshotFormat.TryParseHeader(file, out var header, out var problem))
        {
            return RouteSnapshotLoad.Ignored("it is " + problem);
        }

        var body = file.AsSpan(RouteSnapshotFormat.HeaderLength);
        if (Crc32.HashToUInt32(body) != header.Crc32)
        {
            return RouteSnapshotLoad.Ignored("it is truncated or corrupt (checksum mismatch)");
        }

        var age = now - header.WrittenAt;
        if (age > maxAge)
        {
            return RouteSnapshotLoad.Ignored(
                $"it was written {Seconds(age)} ago, longer than droplet_stale_threshold ({Seconds(maxAge)}): every route in it would be stale", header.WrittenAt);
        }

        if (age < -maxAge)
        {
            return RouteSnapshotLoad.Ignored($"it claims to be written {Seconds(-age)} in the future", header.WrittenAt);
        }

        var lines = body.Count((byte)'\n');
        if (lines != header.Entries || (body.Length > 0 && body[^1] != (byte)'\n'))
        {
            return RouteSnapshotLoad.Ignored($"its header announces {header.Entries} entries and it holds {lines}", header.WrittenAt);
        }

        int restored = 0, skipped = 0;
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'\n');
            if (TryRestore(table, body[..end]))
            {
                restored++;
            }
            else
            {
                skipped++;
            }

            body = body[(end + 1)..];
        }

        return new RouteSnapshotLoad(null, header.WrittenAt, restored, skipped);
    }

    private static bool TryRestore(RouteTable table, ReadOnlySpan<byte> line)
    {
        if (!Utf8Parser.TryParse(line, out long lastUpdatedMs, out var consumed)
            || consumed >= line.Length
            || line[consumed] != (byte)' '
            || lastUpdatedMs is < 0 or > MaxUnixMilliseconds
            || !RegistrationMessageParser.TryParse(line[(consumed + 1)..], out var message, out _)
            || message.Uris.Count != 1)
        {
            return false;
        }

        var result = table.Restore(message, DateTimeOffset.FromUnixTimeMilliseconds(lastUpdatedMs));

        // Refused by the table: a route key it cannot parse, or an isolation segment outside this router's shard.
        return result.Added + result.Updated + result.Unmodified > 0;
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.#} s";
}
