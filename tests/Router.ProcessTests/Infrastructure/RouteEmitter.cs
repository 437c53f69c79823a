using NATS.Client.Core;
using Router.Testing;
using RouteMessages;

namespace Router.ProcessTests.Infrastructure;

/// <summary>Plays a route emitter: publishes Gorouter registration messages on the router's NATS server.</summary>
public sealed class RouteEmitter : IAsyncDisposable
{
    private readonly NatsConnection _connection;

    private RouteEmitter(NatsConnection connection) => _connection = connection;

    public static async Task<RouteEmitter> ConnectAsync(NatsServerProcess server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var connection = new NatsConnection(new NatsOpts { Url = server.Uri.ToString(), Name = "process-test-emitter" });
        try
        {
            await connection.ConnectAsync();
            return new RouteEmitter(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes on <c>router.register</c> and returns once nats-server has it.</summary>
    public Task RegisterAsync(RegistrationMessage message) => PublishAsync(NatsSubjects.Register, message);

    /// <summary>Publishes on <c>router.unregister</c> and returns once nats-server has it.</summary>
    public Task UnregisterAsync(RegistrationMessage message) => PublishAsync(NatsSubjects.Unregister, message);

    /// <summary>Publishes <paramref name="payload"/> as it is (hostile or malformed messages) and returns once nats-server has it.</summary>
    public async Task PublishRawAsync(string subject, byte[] payload)
    {
        await _connection.PublishAsync(subject, payload);
        await _connection.PingAsync();
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task PublishAsync(string subject, RegistrationMessage message)
    {
        await _connection.PublishAsync(subject, RegistrationMessageParser.Serialize(message));
        await _connection.PingAsync();
    }
}
