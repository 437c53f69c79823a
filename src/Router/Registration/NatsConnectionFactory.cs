using Microsoft.Extensions.Logging;
using Nats;
using Router.Configuration;

namespace Router.Registration;

/// <summary>Turns the <c>nats.*</c> settings into client options (gorouter.md §1.1).</summary>
internal static class NatsConnectionFactory
{
    public static NatsOptions CreateOptions(RouterOptions options, ILoggerFactory loggerFactory)
    {
        var nats = options.Nats;
        var scheme = nats.TlsEnabled ? "tls" : "nats";
        var servers = nats.Hosts
            .Select(h => new Uri($"{scheme}://{h.Hostname}:{h.Port}"))
            .ToArray();
        return new NatsOptions
        {
            Servers = servers,
            User = string.IsNullOrEmpty(nats.User) ? null : nats.User,
            Password = string.IsNullOrEmpty(nats.Pass) ? null : nats.Pass,
            TlsEnabled = nats.TlsEnabled,
            CaCertsPath = string.IsNullOrEmpty(nats.CaCerts) ? null : nats.CaCerts,
            ClientCertPath = string.IsNullOrEmpty(nats.CertChain) ? null : nats.CertChain,
            ClientKeyPath = string.IsNullOrEmpty(nats.PrivateKey) ? null : nats.PrivateKey,
            PingInterval = options.NatsClientPingInterval,
            Name = $"router-{options.Index}",
            LoggerFactory = loggerFactory,
        };
    }
}
