using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nats.Tests.Infrastructure;

/// <summary>
/// A loopback TCP listener that speaks just enough NATS, line by line, for tests of what a real server will not do
/// on demand: send garbage, stop answering PINGs, PING the client.
/// </summary>
internal sealed class ScriptedNatsServer : IAsyncDisposable
{
    private const string Info = "INFO {\"server_id\":\"scripted\",\"version\":\"2.9.10\",\"proto\":1,\"max_payload\":1048576}\r\n";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<ScriptedClient> _clients = [];
    private readonly List<NatsConnection> _connections = [];

    public ScriptedNatsServer() => _listener.Start();

    public Uri Uri => new($"nats://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>
    /// A connection to this server, disposed with it: after the scripted sockets are closed, so that closing does not
    /// wait for a PONG the script will never send.
    /// </summary>
    public NatsConnection CreateConnection(Func<NatsOptions, NatsOptions>? configure = null)
    {
        var options = TestConnections.Options(Uri);
        var connection = new NatsConnection(configure is null ? options : configure(options));
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Accepts the next client connection and sends it INFO.</summary>
    public async Task<ScriptedClient> AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(TestConnections.Timeout);
        var socket = await _listener.AcceptSocketAsync(timeout.Token);
        var client = new ScriptedClient(socket);
        _clients.Add(client);
        await client.SendAsync(Info);
        return client;
    }

    /// <summary>Accepts a client and answers its handshake; returns it with the SUB lines it sent.</summary>
    public async Task<(ScriptedClient Client, List<string> Subscriptions)> AcceptConnectedAsync()
    {
        var client = await AcceptAsync();
        Assert.StartsWith("CONNECT {", await client.ReadLineAsync());
        Assert.Equal("PING", await client.ReadLineAsync());
        await client.SendAsync("PONG\r\n");
        var subscriptions = new List<string>();
        while (await client.ReadLineAsync() is { } line && line != "PING")
        {
            subscriptions.Add(line);
        }

        await client.SendAsync("PONG\r\n");
        return (client, subscriptions);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _listener.Stop();
    }
}

internal sealed class ScriptedClient(Socket socket) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly List<byte> _line = [];

    public async Task SendAsync(string text)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>The next CRLF-terminated line, without the CRLF; null when the client closed the socket.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TestConnections.Timeout);
        var one = new byte[1];
        _line.Clear();
        while (true)
        {
            if (await _stream.ReadAsync(one, timeout.Token) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.ASCII.GetString([.. _line]).TrimEnd('\r');
            }

            _line.Add(one[0]);
        }
    }

    public void Dispose() => _stream.Dispose();
}
