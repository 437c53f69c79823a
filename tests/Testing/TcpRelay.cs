using System.Net;
using System.Net.Sockets;

namespace Router.Testing;

/// <summary>
/// A TCP relay on loopback in front of a server (nats-server), so a test can cut one client's connections while
/// the server, and every other client's subscriptions on it, stay up. While cut, the relay closes each connection
/// it accepts at once, so the client keeps failing to reconnect until <see cref="Restore"/>. It can also play a
/// misbehaving server towards the client: send it bytes the server never sent (<see cref="InjectToClientsAsync"/>)
/// or stop passing on what the server sends (<see cref="StallServerToClients"/>).
/// </summary>
public sealed partial class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _open = [];
    private readonly List<Downstream> _downstreams = [];
    private readonly Task _accepting;
    private bool _cut;

    private TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to instead of the server's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TcpRelay Start(int targetPort) => new(targetPort);

    /// <summary>Closes every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_open)
        {
            _cut = true;
            foreach (var socket in _open)
            {
                socket.Dispose();
            }

            _open.Clear();
            foreach (var downstream in _downstreams)
            {
                downstream.Close();
            }

            _downstreams.Clear();
        }
    }

    /// <summary>Sends <paramref name="bytes"/> to every relayed client as if the server had, between two of its frames.</summary>
    public async Task InjectToClientsAsync(byte[] bytes)
    {
        foreach (var downstream in Snapshot())
        {
            await downstream.SendAsync(bytes);
        }
    }

    /// <summary>
    /// Stops reading what the server sends to the clients connected now, while their sockets stay open and what
    /// they send still reaches the server: to the client the server has gone silent, and to the server the client
    /// has stopped reading (a slow consumer). Later connections flow.
    /// </summary>
    public void StallServerToClients()
    {
        foreach (var downstream in Snapshot())
        {
            downstream.Stall();
        }
    }

    /// <summary>Relays new connections again.</summary>
    public void Restore()
    {
        lock (_open)
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Cut();
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stopping.Token);
            Socket server;
            try
            {
                server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                continue;
            }

            lock (_open)
            {
                if (_cut)
                {
                    client.Dispose();
                    server.Dispose();
                    continue;
                }

                _open.Add(client);
                _open.Add(server);
            }

            var downstream = new Downstream(client);
            lock (_open)
            {
                _downstreams.Add(downstream);
            }

            _ = PumpAsync(client, server, null);
            _ = PumpAsync(server, client, downstream);
        }
    }

    private Downstream[] Snapshot()
    {
        lock (_open)
        {
            return [.. _downstreams];
        }
    }

    // Copies one direction until either side closes, then closes both so the other pump ends too. Towards a client
    // the copy goes through its Downstream, so injected bytes never land inside a frame of the server's.
    private static async Task PumpAsync(Socket from, Socket to, Downstream? downstream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                if (downstream is not null)
                {
                    await downstream.WhileStalledAsync();
                }

                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                if (downstream is null)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
                else
                {
                    await downstream.RelayAsync(buffer.AsMemory(0, read));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The connection was cut or closed by a peer: nothing more to relay.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
