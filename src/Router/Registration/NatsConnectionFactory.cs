using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Router.Configuration;

namespace Router.Registration;

/// <summary>Turns the <c>nats.*</c> settings into NATS.Client.Core options, as Gorouter's <c>mbus/client.go</c> does.</summary>
internal static class NatsConnectionFactory
{
    public static NatsOpts CreateOptions(RouterOptions options, ILoggerFactory loggerFactory)
    {
        var nats = options.Nats;
        var scheme = nats.TlsEnabled ? "tls" : "nats";
        var servers = string.Join(',', nats.Hosts.Select(h => $"{scheme}://{FormatHost(h.Hostname)}:{h.Port}"));
        var tls = nats.TlsEnabled
            ? new NatsTlsOpts
            {
                Mode = TlsMode.Require,
                ConfigureClientAuthentication = new NatsTlsAuthentication(nats.CaCerts, nats.CertChain, nats.PrivateKey).ConfigureAsync,
            }
            : new NatsTlsOpts { Mode = TlsMode.Disable };
        return new NatsOpts
        {
            Url = servers,
            AuthOpts = new NatsAuthOpts
            {
                Username = string.IsNullOrEmpty(nats.User) ? null : nats.User,
                Password = string.IsNullOrEmpty(nats.Pass) ? null : nats.Pass,
            },
            TlsOpts = tls,
            Name = $"router-{options.Index}",
            PingInterval = options.NatsClientPingInterval,

            // nats.hosts are tried in the order written; servers the cluster announces (INFO connect_urls) are
            // added to them on a reconnect.
            NoRandomize = true,

            // Gorouter reconnects without end (MaxReconnect -1), also after refused credentials: an operator may
            // fix them on the server side while the router keeps its table.
            MaxReconnectRetry = -1,
            IgnoreAuthErrorAbort = true,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(500),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            LoggerFactory = new NatsClientLoggerFactory(loggerFactory),
        };
    }

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
