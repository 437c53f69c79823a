using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Router.Snapshots;

/// <summary>
/// The route snapshot file (docs/operations.md "Restarts without a 404 window"), the router's own format. One header
/// line of fixed length, then one line per (route, endpoint):
/// <code>
/// route-snapshot v1 written_at=001765084104123 entries=0000100000 crc32=5d1e0a4f
/// 1765084101002 {"host":"10.0.1.7","port":61001,...,"uris":["app.example.com"],...}
/// </code>
/// An entry is the endpoint's last-update time in Unix milliseconds, a space and the registration message that
/// registers it again (the <c>router.register</c> JSON). <c>crc32</c> is the CRC-32 (IEEE) of every byte after the
/// header line. The header has a fixed length so that the writer can stream the entries and fill it in last.
/// </summary>
internal static class RouteSnapshotFormat
{
    /// <summary>The version this router writes and the only one it reads.</summary>
    public const int Version = 1;

    /// <summary>The first bytes of every snapshot, version included.</summary>
    public const string Magic = "route-snapshot v";

    /// <summary>Length of the header line, its line feed included.</summary>
    public static readonly int HeaderLength = FormatHeader(default).Length;

    /// <summary>The header line for <paramref name="header"/>, line feed included.</summary>
    public static byte[] FormatHeader(RouteSnapshotHeader header) => Encoding.ASCII.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"{Magic}{Version} written_at={header.WrittenAtMs:D15} entries={header.Entries:D10} crc32={header.Crc32:x8}\n"));

    /// <summary>Reads a header line written by <see cref="FormatHeader"/>.</summary>
    /// <param name="file">The file's first bytes.</param>
    /// <param name="header">The header, when it is one this router reads.</param>
    /// <param name="problem">Why the header is refused: not a snapshot, another version, or damaged.</param>
    public static bool TryParseHeader(ReadOnlySpan<byte> file, out RouteSnapshotHeader header, out string problem)
    {
        header = default;
        var magic = Encoding.ASCII.GetBytes(Magic);
        if (!file.StartsWith(magic))
        {
            problem = "not a route snapshot (no 'route-snapshot' header)";
            return false;
        }

        var rest = file[magic.Length..];
        if (!Utf8Parser.TryParse(rest, out int version, out var consumed) || consumed == 0)
        {
            problem = "damaged header (no format version)";
            return false;
        }

        if (version != Version)
        {
            problem = $"format version {version}, this router reads version {Version}";
            return false;
        }

        if (file.Length < HeaderLength || file[HeaderLength - 1] != (byte)'\n')
        {
            problem = "damaged or truncated header";
            return false;
        }

        var line = file[(magic.Length + consumed)..(HeaderLength - 1)];
        if (!TryField(ref line, " written_at="u8, out var writtenAt)
            || !TryField(ref line, " entries="u8, out var entries)
            || !line.StartsWith(" crc32="u8)
            || !Utf8Parser.TryParse(line[" crc32=".Length..], out uint crc, out var crcLength, 'x')
            || crcLength != line.Length - " crc32=".Length
            || entries > int.MaxValue)
        {
            problem = "damaged header";
            return false;
        }

        header = new RouteSnapshotHeader(writtenAt, (int)entries, crc);
        problem = "";
        return true;
    }

    private static bool TryField(ref ReadOnlySpan<byte> line, ReadOnlySpan<byte> name, out long value)
    {
        value = 0;
        if (!line.StartsWith(name) || !Utf8Parser.TryParse(line[name.Length..], out value, out var consumed) || value < 0)
        {
            return false;
        }

        line = line[(name.Length + consumed)..];
        return true;
    }
}
