using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using LoadGen.CommandLine;

namespace LoadGen.Commands;

/// <summary>
/// <c>ws-load</c>: closed-loop WebSocket echo load. Each connection sends one binary message, waits for its echo
/// and checks it, then sends the next, for the whole duration; the result is echoed messages per second.
/// </summary>
internal static class WebSocketLoadCommand
{
    public const string Usage = """
        usage: LoadGen ws-load --url ws://127.0.0.1:PORT/ [--host H] [--connections 50] [--duration 10]
                               [--message-bytes 128] [--out result.txt]
          Opens --connections WebSockets (with Host: H when given), then on each sends a message of --message-bytes,
          waits for the echo and compares it, again and again for --duration seconds. Prints messages, seconds,
          messages_per_second and errors (failed connects, broken connections, wrong echoes) as key=value lines,
          also to --out. Exits 1 when there was any error.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, ["url", "host", "connections", "duration", "message-bytes", "out"]);
        string url = reader.Required("url");
        string? host = reader.Optional("host");
        int connections = reader.Int("connections", 50, 1, 10_000);
        TimeSpan duration = reader.Seconds("duration", 10, 0.1, 86_400);
        int messageBytes = reader.Int("message-bytes", 128, 1, 16 * 1024 * 1024);
        string? output = reader.Optional("out");
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("ws" or "wss"))
        {
            reader.AddError($"--url must be a ws:// or wss:// URL, not '{url}'");
        }

        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        List<ClientWebSocket> sockets = [];
        long errors = 0;
        for (int i = 0; i < connections; i++)
        {
            ClientWebSocket socket = new();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            if (host is not null)
            {
                socket.Options.SetRequestHeader("Host", host);
            }

            try
            {
                using CancellationTokenSource connectTimeout = new(TimeSpan.FromSeconds(10));
                await socket.ConnectAsync(uri!, connectTimeout.Token);
                sockets.Add(socket);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException)
            {
                await Console.Error.WriteLineAsync($"connect {i + 1} failed: {ex.Message}");
                socket.Dispose();
                errors++;
            }
        }

        using CancellationTokenSource stop = new(duration);
        Stopwatch clock = Stopwatch.StartNew();
        Task<(long Messages, long Errors)>[] loops = sockets.Select(s => EchoLoopAsync(s, messageBytes, stop.Token)).ToArray();
        (long Messages, long Errors)[] results = await Task.WhenAll(loops);
        double seconds = clock.Elapsed.TotalSeconds;
        long messages = results.Sum(r => r.Messages);
        errors += results.Sum(r => r.Errors);
        foreach (ClientWebSocket socket in sockets)
        {
            await CloseQuietlyAsync(socket);
        }

        string text = string.Create(CultureInfo.InvariantCulture,
            $"connections={sockets.Count}\nmessage_bytes={messageBytes}\nmessages={messages}\nseconds={seconds:0.###}\nmessages_per_second={messages / seconds:0}\nerrors={errors}\n");
        await Console.Out.WriteAsync(text);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, text);
        }

        return errors == 0 ? 0 : 1;
    }

    private static async Task<(long Messages, long Errors)> EchoLoopAsync(ClientWebSocket socket, int messageBytes, CancellationToken stop)
    {
        byte[] message = new byte[messageBytes];
        Random.Shared.NextBytes(message);
        byte[] echo = new byte[messageBytes];
        long messages = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                int received = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(echo.AsMemory(received), CancellationToken.None);
                    received += result.Count;
                }
                while (!result.EndOfMessage && received < echo.Length);

                if (!result.EndOfMessage || received != messageBytes || !echo.AsSpan().SequenceEqual(message))
                {
                    await Console.Error.WriteLineAsync($"wrong echo: {received} bytes, end of message {result.EndOfMessage}");
                    return (messages, 1);
                }

                messages++;
            }

            return (messages, 0);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            await Console.Error.WriteLineAsync($"connection broke after {messages} messages: {ex.Message}");
            return (messages, 1);
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(5));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Closing is courtesy; the numbers are already taken.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
