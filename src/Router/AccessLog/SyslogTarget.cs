using System.Net.Sockets;
using Router.Configuration;
using Router.Tls;

namespace Router.AccessLog;

/// <summary>Where and how to connect, worked out once from <see cref="SyslogOptions"/>.</summary>
internal sealed record SyslogTarget(SyslogAddress Address, AddressFamily Family, bool IsDatagram, BackendTrust? Trust) : IDisposable
{
    /// <summary>The network's name as configured, for log lines.</summary>
    public required string Network { get; init; }

    public static SyslogTarget From(RouterOptions options)
    {
        var syslog = options.Syslog;
        if (!SyslogAddress.TryParse(syslog.Address, out var address))
        {
            throw new ArgumentException($"logging.syslog_addr '{syslog.Address}' was not validated.", nameof(options));
        }

        var family = syslog.Network switch
        {
            "udp4" or "tcp4" => AddressFamily.InterNetwork,
            "udp6" or "tcp6" => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unspecified,
        };
        var datagram = syslog.Network.StartsWith("udp", StringComparison.Ordinal);
        var trust = syslog.Network == "tls" ? new BackendTrust(options.BackendTls with { CertChain = "", PrivateKey = "" }) : null;
        return new SyslogTarget(address, family, datagram, trust) { Network = syslog.Network };
    }

    public void Dispose() => Trust?.Dispose();
}
