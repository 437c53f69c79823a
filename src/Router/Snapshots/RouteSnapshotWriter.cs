using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Hashing;
using System.Text.Json;
using RouteMessages;
using RouteRegistry;

namespace Router.Snapshots;

/// <summary>
/// Writes the route table to a snapshot file atomically: into a temporary file in the same directory, flushed to
/// disk, then renamed over the old snapshot, so a reader sees the old file or the new one, never half of one. Reads
/// the table as <c>/routes</c> does, without its write lock, so neither lookups nor registrations wait for it.
/// </summary>
internal static class RouteSnapshotWriter
{
    // Entries are gathered in a buffer of this size and written to the file in one call each time it fills.
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Writes <paramref name="table"/> to <paramref name="path"/>.</summary>
    /// <returns>The number of entries written.</returns>
    /// <exception cref="IOException">The file could not be written; the old snapshot, if any, is left as it was.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or file is not writable.</exception>
    public static int Write(RouteTable table, string path, DateTimeOffset now)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = TemporaryPath(fullPath);
        int entries;
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                // The header is filled in last, when the entry count and checksum are known; its length is fixed.
                file.Write(RouteSnapshotFormat.FormatHeader(default));
                var crc = new Crc32();
                entries = WriteEntries(table, file, crc);
                file.Position = 0;
                file.Write(RouteSnapshotFormat.FormatHeader(new RouteSnapshotHeader(now.ToUnixTimeMilliseconds(), entries, crc.GetCurrentHashAsUInt32())));
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return entries;
    }

    /// <summary>The temporary file beside <paramref name="fullPath"/> that a write renames into place.</summary>
    public static string TemporaryPath(string fullPath) =>
        Path.Combine(
            Path.GetDirectoryName(fullPath) ?? ".",
            string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp"));

    private static int WriteEntries(RouteTable table, FileStream file, Crc32 crc)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes + 4096);
        using var json = new Utf8JsonWriter(buffer);
        var entries = 0;

        // One message object for all entries: it is encoded at once, and building one per endpoint would make the
        // write of a large table allocate several times the file's size.
        var message = new RegistrationMessage();
        foreach (var route in table.Snapshot())
        {
            foreach (var endpoint in route.Endpoints.Span)
            {
                var lastUpdated = table.LastUpdated(endpoint).ToUnixTimeMilliseconds();
                var span = buffer.GetSpan(24);
                Utf8Formatter.TryFormat(lastUpdated, span, out var written);
                span[written++] = (byte)' ';
                buffer.Advance(written);
                json.Reset(buffer);
                table.FillRegistrationMessage(route.Key, endpoint, message);
                RegistrationMessageParser.Serialize(json, message);
                json.Flush();
                buffer.Write("\n"u8);
                entries++;
                if (buffer.WrittenCount >= ChunkBytes)
                {
                    Flush(buffer, file, crc);
                }
            }
        }

        Flush(buffer, file, crc);
        return entries;
    }

    private static void Flush(ArrayBufferWriter<byte> buffer, FileStream file, Crc32 crc)
    {
        crc.Append(buffer.WrittenSpan);
        file.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    }
}
