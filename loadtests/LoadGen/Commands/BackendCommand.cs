using System.Buffers;
using System.Net.Sockets;

namespace LoadGen.Commands;

/// <summary>
/// <c>backend</c>: a tiny HTTP/1.1 server on 127.0.0.1 answering every request with
/// <c>200 ok\n</c>, for machines without nginx (CI smoke runs). It reads requests without
/// bodies only (GET/HEAD), which is all the load tools here send.
/// </summary>
internal static class BackendCommand
{
    public const string Usage = """
        usage: LoadGen backend --port P [--duration 3600]
          Serves 'ok\n' on 127.0.0.1:P until killed or for at most --duration seconds.
        """;

    private static readonly byte[] Response =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"u8.ToArray();

    public static Task<int> RunAsync(IReadOnlyList<string> args) =>
        LoopbackServer.RunAsync(args, Usage, "backend listening on http://127.0.0.1:{port}/", ServeAsync);

    private static async Task ServeAsync(Socket connection, CancellationToken stop)
    {
        connection.NoDelay = true;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            // Counts request ends ("\r\n\r\n") across reads; `matched` carries a partial match.
            int matched = 0;
            while (true)
            {
                int read = await connection.ReceiveAsync(buffer, SocketFlags.None, stop);
                if (read == 0)
                {
                    return;
                }

                int complete = 0;
                for (int i = 0; i < read; i++)
                {
                    byte expected = (matched % 2 == 0) ? (byte)'\r' : (byte)'\n';
                    matched = buffer[i] == expected ? matched + 1 : (buffer[i] == '\r' ? 1 : 0);
                    if (matched == 4)
                    {
                        complete++;
                        matched = 0;
                    }
                }

                for (int i = 0; i < complete; i++)
                {
                    await connection.SendAsync(Response, SocketFlags.None, stop);
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            // Client went away or the server is stopping: just drop the connection.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            connection.Dispose();
        }
    }
}
