using System.Net;
using System.Net.Sockets;

namespace Router.Testing;

/// <summary>
/// Free TCP ports on loopback, for listeners whose port must be known before they start. They are taken below the
/// kernel's ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>), so that between the moment a port is
/// handed out and the moment its listener binds it, neither a listener on port 0 nor the local end of an outgoing
/// connection can be given it: the kernel picks those from the ephemeral range only. Each test process walks the
/// range from a random point, so processes running side by side rarely meet, and a port is checked by binding it
/// and never handed out twice in one process.
/// </summary>
public static class FreePort
{
    private const int LowestPort = 10_000;

    private static readonly HashSet<int> HandedOut = [];
    private static readonly int HighestPort = EphemeralRangeStart() - 1;
    private static int _next = LowestPort + Random.Shared.Next(HighestPort - LowestPort + 1);

    public static int Next()
    {
        lock (HandedOut)
        {
            for (var tried = 0; tried <= HighestPort - LowestPort; tried++)
            {
                var port = _next;
                _next = port == HighestPort ? LowestPort : port + 1;
                if (!HandedOut.Contains(port) && CanBind(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }

            throw new InvalidOperationException($"No free TCP port on 127.0.0.1 between {LowestPort} and {HighestPort}.");
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range; Linux's default when it cannot be read.</summary>
    private static int EphemeralRangeStart()
    {
        const int LinuxDefault = 32_768;
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && int.TryParse(fields[0], out var start) && start > LowestPort + 1_000 ? start : LinuxDefault;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LinuxDefault;
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
