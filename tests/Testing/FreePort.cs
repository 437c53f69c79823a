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
}
