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

    // Entries decoded while the previous batch is registered: large enough that handing over costs nothing.
    private const int BatchEntries = 4096;

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

        var (restored, skipped) = Restore(table, file, RouteSnapshotFormat.HeaderLength);
        return new RouteSnapshotLoad(null, header.WrittenAt, restored, skipped);
    }

    /// <summary>
    /// Decodes and restores every entry from <paramref name="start"/> on. Decoding is half a restore's time and needs
    /// no lock, so entries are taken in batches and the next batch is decoded on another thread while this one
    /// registers the current one (the table takes one writer at a time anyway).
    /// </summary>
    private static (int Restored, int Skipped) Restore(RouteTable table, byte[] file, int start)
    {
        int restored = 0, skipped = 0;
        var current = Decode(file, ref start);
        while (current.Length > 0)
        {
            var batch = current;
            Entry[] next = [];
            Parallel.Invoke(
                () => next = Decode(file, ref start),
                () =>
                {
                    foreach (var entry in batch)
                    {
                        // Refused by the table: a route key it cannot parse, or a segment outside this router's shard.
                        var result = entry.Message is null ? default : table.Restore(entry.Message, entry.LastUpdated);
                        if (result.Added + result.Updated + result.Unmodified > 0)
                        {
                            restored++;
                        }
                        else
                        {
                            skipped++;
                        }
                    }
                });
            current = next;
        }

        return (restored, skipped);
    }

    /// <summary>Decodes up to <see cref="BatchEntries"/> entries from <paramref name="start"/> and moves it past them.</summary>
    private static Entry[] Decode(byte[] file, ref int start)
    {
        var entries = new List<Entry>(BatchEntries);
        var rest = file.AsSpan(start);
        while (!rest.IsEmpty && entries.Count < BatchEntries)
        {
            var end = rest.IndexOf((byte)'\n');
            entries.Add(Decode(rest[..end]));
            rest = rest[(end + 1)..];
            start += end + 1;
        }

        return [.. entries];
    }

    private static Entry Decode(ReadOnlySpan<byte> line)
    {
        if (!Utf8Parser.TryParse(line, out long lastUpdatedMs, out var consumed)
            || consumed >= line.Length
            || line[consumed] != (byte)' '
            || lastUpdatedMs is < 0 or > MaxUnixMilliseconds
            || !RegistrationMessageParser.TryParse(line[(consumed + 1)..], out var message, out _)
            || message.Uris.Count != 1)
        {
            return default;
        }

        return new Entry(message, DateTimeOffset.FromUnixTimeMilliseconds(lastUpdatedMs));
    }

    /// <summary>One decoded entry; <see cref="Message"/> is null when the line is not a valid entry.</summary>
    private readonly record struct Entry(RegistrationMessage? Message, DateTimeOffset LastUpdated);

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.#} s";
}
