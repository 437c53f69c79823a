using Router.Testing;
using RouteMessages;

namespace Router.ProcessTests.Infrastructure;

/// <summary>A nats-server for one test and an emitter connected to it.</summary>
public sealed class MessageBus : IAsyncDisposable
{
    private MessageBus(NatsServerProcess server, RouteEmitter emitter)
    {
        Server = server;
        Emitter = emitter;
    }

    public NatsServerProcess Server { get; }

    public RouteEmitter Emitter { get; }

    public static async Task<MessageBus> StartAsync()
    {
        var server = await NatsServerProcess.StartNewAsync();
        try
        {
            return new MessageBus(server, await RouteEmitter.ConnectAsync(server));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Registers <paramref name="message"/> and waits until the router's <c>/routes</c> lists its endpoint under every
    /// URI of it (a route key alone is not enough: it can be listed a moment before its endpoint).
    /// </summary>
    public async Task RegisterAndWaitAsync(RouterProcess router, RegistrationMessage message, string? statusPass = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(message);
        await Emitter.RegisterAsync(message);
        var address = $"{message.Host}:{message.EffectivePort}";
        foreach (var uri in message.Uris)
        {
            await router.WaitForRouteAsync(uri.ToLowerInvariant().TrimEnd('/'), address, statusPass);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Emitter.DisposeAsync();
        await Server.DisposeAsync();
    }
}
