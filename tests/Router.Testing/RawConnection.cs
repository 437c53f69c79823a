using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Router.Testing;

/// <summary>One answer read off a raw connection: status, headers (last value wins, names case-insensitive), body.</summary>
public sealed record RawResponse(string StatusLine, int Status, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A TCP connection that sends bytes exactly as given and reads HTTP/1.x answers one at a time, so a test can tell
/// what the server answered and whether it closed the connection afterwards. Every read has a timeout.
/// </summary>
public sealed class RawConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];

    private RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawConnection> OpenAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new RawConnection(client);
    }

    /// <summary>Sends <paramref name="request"/> with every char as one byte (Latin-1), so control bytes go out as written.</summary>
    public Task SendAsync(string request) => SendAsync(Encoding.Latin1.GetBytes(request));

    public async Task SendAsync(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The server may close before it has read everything; what it answered is still readable.
        }
    }

    /// <summary>Reads one answer; null when the server closed the connection without answering.</summary>
    public async Task<RawResponse?> ReadResponseAsync()
    {
        var headEnd = await FillUntilAsync(() => IndexOf(_pending, "\r\n\r\n"u8));
        if (headEnd < 0)
        {
            return null;
        }

        var head = Encoding.Latin1.GetString([.. _pending.GetRange(0, headEnd)]);
        _pending.RemoveRange(0, headEnd + 4);
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        var status = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        string body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            body = await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync();
        }
        else if (status is 204 or 304 or < 200)
        {
            body = string.Empty;
        }
        else
        {
            // No framing: the body runs to the end of the connection.
            await FillUntilAsync(() => -1);
            body = Encoding.Latin1.GetString([.. _pending]);
            _pending.Clear();
        }

        return new RawResponse(lines[0], status, headers, body);
    }

    /// <summary>True when the server closes (or resets) the connection with nothing more to read; false when it sends more.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        if (_pending.Count > 0)
        {
            return false;
        }

        var read = await ReadSomeAsync();
        return read == 0;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> ReadExactlyAsync(int count)
    {
        await FillUntilAsync(() => _pending.Count >= count ? count : -1);
        var take = Math.Min(count, _pending.Count);
        var text = Encoding.Latin1.GetString([.. _pending.GetRange(0, take)]);
        _pending.RemoveRange(0, take);
        return text;
    }

    private async Task<string> ReadChunkedAsync()
    {
        var body = new StringBuilder();
        while (true)
        {
            var lineEnd = await FillUntilAsync(() => IndexOf(_pending, "\r\n"u8));
            if (lineEnd < 0)
            {
                return body.ToString();
            }

            var sizeText = Encoding.Latin1.GetString([.. _pending.GetRange(0, lineEnd)]).Split(';')[0];
            _pending.RemoveRange(0, lineEnd + 2);
            var size = Convert.ToInt32(sizeText, 16);
            if (size == 0)
            {
                await ReadExactlyAsync(2);
                return body.ToString();
            }

            body.Append(await ReadExactlyAsync(size));
            await ReadExactlyAsync(2);
        }
    }

    /// <summary>Reads until <paramref name="found"/> gives a position, or the connection ends (then -1).</summary>
    private async Task<int> FillUntilAsync(Func<int> found)
    {
        while (true)
        {
            var position = found();
            if (position >= 0)
            {
                return position;
            }

            if (await ReadSomeAsync() == 0)
            {
                return found();
            }
        }
    }

    private async Task<int> ReadSomeAsync()
    {
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(ReadTimeout);
        int read;
        try
        {
            read = await _stream.ReadAsync(buffer, timeout.Token);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server neither answered nor closed within {ReadTimeout.TotalSeconds} s.");
        }

        _pending.AddRange(buffer.AsSpan(0, read));
        return read;
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i + value.Length <= bytes.Count; i++)
        {
            var match = true;
            for (var j = 0; j < value.Length && match; j++)
            {
                match = bytes[i + j] == value[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
