using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Conventions;

/// <summary>The address a process on this machine tells others to reach it at, as Gorouter and route emitters pick it.</summary>
public static class MachineAddress
{
    /// <summary>
    /// The first IPv4 address of an interface that is up, is not loopback and has a default gateway; <c>127.0.0.1</c>
    /// when there is none or the interfaces cannot be read (loopback still serves a router on the same machine).
    /// </summary>
    public static string Ipv4()
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
