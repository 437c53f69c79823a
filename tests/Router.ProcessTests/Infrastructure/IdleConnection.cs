using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Router.ProcessTests.Infrastructure;

/// <summary>
/// A client keep-alive connection that has finished one request and sits idle, to watch whether the router closes it.
/// The request must be answered with a chunked body (a backend that writes without a Content-Length).
/// </summary>
public sealed class IdleConnection : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private IdleConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Opens a connection, sends one keep-alive GET for <paramref name="host"/> and reads the whole answer.</summary>
    public static async Task<IdleConnection> OpenAsync(int port, string host)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            var connection = new IdleConnection(client);
            await connection.ExchangeAsync(host);
            return connection;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>True when the server closes (or resets) the connection within <paramref name="timeout"/>.</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan timeout)
    {
        var buffer = new byte[256];
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            return await _stream.ReadAsync(buffer, cancellation.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task ExchangeAsync(string host)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var cancellation = new CancellationTokenSource(ReadTimeout);
        while (!answer.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await _stream.ReadAsync(buffer, cancellation.Token);
            if (read == 0)
            {
                throw new IOException($"The router closed the connection before the answer ended:\n{answer}");
            }

            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        if (!answer.ToString().StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
        {
            throw new IOException($"Expected 200 on the keep-alive connection, got:\n{answer}");
        }
    }
}
