using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;

namespace Router.Tls;

/// <summary>What <see cref="ProxyProtocolV1.TryParse"/> found at the start of a connection.</summary>
internal enum ProxyHeaderStatus
{
    /// <summary>The bytes are not a PROXY header: the connection is served as it is.</summary>
    Absent,

    /// <summary>The bytes so far could start a PROXY header: read more.</summary>
    Incomplete,

    /// <summary>A complete header; its source address (none for <c>UNKNOWN</c>) and its end are given.</summary>
    Complete,

    /// <summary>It starts as a PROXY header but is not a valid one: the connection is closed.</summary>
    Malformed,
}

/// <summary>
/// The text (v1) PROXY protocol header as HAProxy's specification defines it and as Gorouter reads it through
/// <c>github.com/armon/go-proxyproto</c>: <c>PROXY TCP4|TCP6 src dst sport dport\r\n</c> or <c>PROXY UNKNOWN...\r\n</c>,
/// at most 107 bytes. A pure function over the received bytes, so it is tested without a socket.
/// </summary>
internal static class ProxyProtocolV1
{
    /// <summary>The longest v1 header, line end included.</summary>
    public const int MaxLength = 107;

    private static ReadOnlySpan<byte> Prefix => "PROXY "u8;

    public static ProxyHeaderStatus TryParse(ReadOnlySequence<byte> buffer, out SequencePosition end, out IPEndPoint? source)
    {
        end = buffer.Start;
        source = null;
        Span<byte> head = stackalloc byte[MaxLength];
        var length = (int)Math.Min(buffer.Length, MaxLength);
        buffer.Slice(0, length).CopyTo(head);
        head = head[..length];

        var compared = Math.Min(length, Prefix.Length);
        if (!head[..compared].SequenceEqual(Prefix[..compared]))
        {
            return ProxyHeaderStatus.Absent;
        }

        var newline = head.IndexOf((byte)'\n');
        if (newline < 0)
        {
            return length == MaxLength ? ProxyHeaderStatus.Malformed : ProxyHeaderStatus.Incomplete;
        }

        if (newline == 0 || head[newline - 1] != '\r')
        {
            return ProxyHeaderStatus.Malformed;
        }

        end = buffer.GetPosition(newline + 1);
        var line = Encoding.ASCII.GetString(head[..(newline - 1)]);
        var parts = line.Split(' ');
        if (parts[1] == "UNKNOWN")
        {
            return ProxyHeaderStatus.Complete;
        }

        if (parts.Length != 6 || parts[1] is not ("TCP4" or "TCP6")
            || !IPAddress.TryParse(parts[2], out var address) || !IPAddress.TryParse(parts[3], out _)
            || !IsPort(parts[4], out var port) || !IsPort(parts[5], out _))
        {
            return ProxyHeaderStatus.Malformed;
        }

        source = new IPEndPoint(address, port);
        return ProxyHeaderStatus.Complete;
    }

    private static bool IsPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
}
