using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace LoadGen.Commands;

/// <summary>
/// <c>ws-echo</c>: a WebSocket echo server on 127.0.0.1 for the websocket load scenario. It answers the RFC 6455
/// handshake itself and runs the connection on .NET's own WebSocket implementation; a request that is not a
/// WebSocket upgrade gets <c>200 ok\n</c>, so the usual readiness probe works against it.
/// </summary>
internal static class WebSocketEchoCommand
{
    public const string Usage = """
        usage: LoadGen ws-echo --port P [--duration 3600]
          Echoes every WebSocket message on ws://127.0.0.1:P/ until killed or for at most --duration seconds;
          plain requests get 200 'ok\n'.
        """;

    // RFC 6455 §1.3: the GUID appended to Sec-WebSocket-Key before hashing.
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static readonly byte[] PlainResponse =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"u8.ToArray();

    public static Task<int> RunAsync(IReadOnlyList<string> args) =>
        LoopbackServer.RunAsync(args, Usage, "WebSocket echo listening on ws://127.0.0.1:{port}/", ServeAsync);

    private static async Task ServeAsync(Socket connection, CancellationToken stop)
    {
        connection.NoDelay = true;
        await using NetworkStream stream = new(connection, ownsSocket: true);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                string? head = await ReadHeadAsync(stream, buffer, stop);
                if (head is null)
                {
                    return;
                }

                string? key = HeaderValue(head, "Sec-WebSocket-Key");
                if (key is null || HeaderValue(head, "Upgrade")?.Equals("websocket", StringComparison.OrdinalIgnoreCase) != true)
                {
                    await stream.WriteAsync(PlainResponse, stop);
                    continue;
                }

                // SHA-1 is what the handshake prescribes (RFC 6455 §4.2.2), not a security choice.
#pragma warning disable CA5350
                string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));
#pragma warning restore CA5350
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), stop);
                using WebSocket socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
                await EchoAsync(socket, buffer, stop);
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or WebSocketException or OperationCanceledException)
        {
            // The client went away; nothing to report for an echo server.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task EchoAsync(WebSocket socket, byte[] buffer, CancellationToken stop)
    {
        while (true)
        {
            ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(), stop);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, stop);
                return;
            }

            // Fragments are echoed as they come, so messages of any size pass through the one buffer.
            await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, stop);
        }
    }

    /// <summary>Reads one request head byte by byte up to its blank line (load clients send no body); null at end of stream.</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, byte[] buffer, CancellationToken stop)
    {
        int length = 0;
        while (length < 4 || !buffer.AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8))
        {
            if (length == buffer.Length || await stream.ReadAsync(buffer.AsMemory(length, 1), stop) == 0)
            {
                return null;
            }

            length++;
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    private static string? HeaderValue(string head, string name)
    {
        foreach (string line in head.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
