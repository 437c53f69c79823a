using System.Net;
using Conventions;
using Microsoft.AspNetCore.Http;

namespace RouteEmitterClient.AspNetCore;

/// <summary>
/// Fills the address to register from the addresses an ASP.NET Core server actually bound (Kestrel reports the real
/// port after binding port 0): the port when none was configured, the host when it was left empty.
/// </summary>
internal static class BoundAddress
{
    /// <exception cref="InvalidOperationException">No port was configured and the server reports no address.</exception>
    public static void Apply(RouteEmitterOptions options, ICollection<string> addresses)
    {
        var bound = addresses.Select(Parse).OfType<BindingAddress>().ToList();
        var chosen = bound.FirstOrDefault(a => !IsHttps(a)) ?? bound.FirstOrDefault();
        if (options.Port == 0 && options.TlsPort == 0)
        {
            if (chosen is null || chosen.Port <= 0)
            {
                throw new InvalidOperationException(
                    "The route emitter needs the backend's port: the server reports no bound address, so set RouteEmitterOptions.Port.");
            }

            if (IsHttps(chosen))
            {
                options.TlsPort = chosen.Port;
            }
            else
            {
                options.Port = chosen.Port;
            }
        }

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            options.Host = HostFor(chosen);
        }
    }

    /// <summary>The address a router should dial for a listener bound to <paramref name="address"/>.</summary>
    internal static string HostFor(BindingAddress? address)
    {
        var host = address?.Host.Trim('[', ']') ?? "";
        if (host.Length == 0 || host is "*" or "+")
        {
            return MachineAddress.Ipv4();
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "127.0.0.1";
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) ? MachineAddress.Ipv4() : ip.ToString();
        }

        return host;
    }

    private static bool IsHttps(BindingAddress address) =>
        string.Equals(address.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);

    private static BindingAddress? Parse(string address)
    {
        try
        {
            return BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
