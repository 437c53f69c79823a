using System.Net.WebSockets;
using System.Text;

namespace Router.Testing;

/// <summary>Real WebSocket clients (<see cref="ClientWebSocket"/>) through the router's proxy port.</summary>
public static class WebSocketClients
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Opens a WebSocket to <paramref name="host"/> through the router on <paramref name="proxyPort"/>.</summary>
    public static async Task<ClientWebSocket> ConnectAsync(int proxyPort, string host, string path = "/")
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Host", host);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{proxyPort}{path}"), timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="text"/> as one text message and returns the next message received.</summary>
    public static async Task<string> EchoAsync(WebSocket socket, string text)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        return Encoding.UTF8.GetString(await ReceiveAsync(socket, timeout.Token));
    }

    /// <summary>Sends <paramref name="payload"/> as one binary message and returns the next message received.</summary>
    public static async Task<byte[]> EchoAsync(WebSocket socket, byte[] payload)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
        return await ReceiveAsync(socket, timeout.Token);
    }

    /// <summary>
    /// True when the connection ends (a close frame, or the connection cut, which ClientWebSocket reports as an
    /// exception) within the timeout; false when a message arrives instead.
    /// </summary>
    public static async Task<bool> EndsAsync(WebSocket socket, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            var result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
            return result.MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            return true;
        }
    }

    /// <summary>
    /// Sends a GET of <c>/socket</c> for <paramref name="host"/> with <paramref name="headers"/> (each ending in CRLF)
    /// over a raw connection and reads the answer's head and body; for upgrade requests a client library would refuse to send.
    /// </summary>
    public static async Task<RawResponse> SendRawAsync(int proxyPort, string host, string headers)
    {
        await using var connection = await RawConnection.OpenAsync(proxyPort);
        await connection.SendAsync($"GET /socket HTTP/1.1\r\nHost: {host}\r\n{headers}\r\n");
        return await connection.ReadResponseAsync() ?? throw new InvalidOperationException("the router closed the connection without an answer");
    }

    private static async Task<byte[]> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return message.ToArray();
    }
}
