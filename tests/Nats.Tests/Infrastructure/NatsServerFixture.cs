using Router.Testing;

namespace Nats.Tests.Infrastructure;

/// <summary>One nats-server per test class that shares it; classes run in parallel on their own servers.</summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    private NatsServerProcess? _server;

    public NatsServerProcess Server => _server ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync() => _server = await NatsServerProcess.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
