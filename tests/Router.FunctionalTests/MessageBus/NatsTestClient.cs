using System.Text;
using NATS.Client.Core;
using RouteMessages;

namespace Router.FunctionalTests.MessageBus;

/// <summary>A test's own connection to nats-server, playing the part of route emitters and peers.</summary>
internal sealed class NatsTestClient : IAsyncDisposable
{
    private readonly NatsConnection _connection;

    private NatsTestClient(NatsConnection connection) => _connection = connection;

    public NatsConnection Connection => _connection;

    /// <summary>Connects, over TLS with the client certificate of <paramref name="tls"/> when given.</summary>
    public static async Task<NatsTestClient> ConnectAsync(Router.Testing.NatsServerProcess server, Router.Testing.NatsTlsFiles? tls = null)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = tls is null ? server.Url : $"tls://127.0.0.1:{server.Port}",
            Name = "test-client",
            TlsOpts = tls is null
                ? new NatsTlsOpts()
                : new NatsTlsOpts { Mode = TlsMode.Require, CaFile = tls.CaPath, CertFile = tls.ClientCertPath, KeyFile = tls.ClientKeyPath },
        });
        await connection.ConnectAsync();
        return new NatsTestClient(connection);
    }

    public async Task RegisterAsync(RegistrationMessage message)
    {
        await _connection.PublishAsync(NatsSubjects.Register, RegistrationMessageParser.Serialize(message));
        await _connection.PingAsync();
    }

    public async Task UnregisterAsync(RegistrationMessage message)
    {
        await _connection.PublishAsync(NatsSubjects.Unregister, RegistrationMessageParser.Serialize(message));
        await _connection.PingAsync();
    }

    public async Task PublishRawAsync(string subject, string payload)
    {
        await _connection.PublishAsync(subject, Encoding.UTF8.GetBytes(payload));
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
