using System.Net;
using System.Net.Sockets;

namespace Router.Testing;

/// <summary>
/// Free TCP ports on loopback, for listeners whose port must be known before they start. A port is never handed
/// out twice in one test process: the kernel may give a just-released port out again at once, and two listeners
/// of one router on the same port would fail its start.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1 and <paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
