using System.Net.NetworkInformation;
using System.Net.Sockets;
using Router.Configuration;
using RouteRegistry;
using RouteRegistry.Messages;

namespace Router.Registration;

/// <summary>Builds the <c>router.start</c> / <c>router.greet</c> answer (gorouter.md §1.4).</summary>
internal static class RouterStartMessageFactory
{
    /// <summary>One identity per process: <c>&lt;index&gt;-&lt;uuid&gt;</c>.</summary>
    private static readonly Guid ProcessId = Guid.NewGuid();

    public static RouterStartMessage Create(RouterOptions options)
    {
        var interval = (int)Math.Ceiling(options.StartResponseDelayInterval.TotalSeconds);
        var prune = (int)Math.Ceiling(options.DropletStaleThreshold.TotalSeconds);
        return new RouterStartMessage
        {
            Id = $"{options.Index}-{ProcessId}",
            Hosts = [LocalAddress()],

            // Clients heartbeat at this interval; Gorouter sends start_response_delay_interval in whole seconds.
            MinimumRegisterIntervalInSeconds = interval,

            // A threshold below the heartbeat interval would prune live routes, so it is raised to it.
            PruneThresholdInSeconds = Math.Max(prune, interval),
        };
    }

    /// <summary>The IPv4 address of the interface that carries the default route, else loopback.</summary>
    private static string LocalAddress()
    {
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                var properties = nic.GetIPProperties();
                if (properties.GatewayAddresses.Count == 0)
                {
                    continue;
                }

                foreach (var unicast in properties.UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                    {
                        return unicast.Address.ToString();
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Fall through to loopback: the address is informative only.
        }

        return "127.0.0.1";
    }
}
