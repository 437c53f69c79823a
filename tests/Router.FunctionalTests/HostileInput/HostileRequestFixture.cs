using Microsoft.AspNetCore.Http;
using Router.FunctionalTests.MessageBus;
using Router.Testing;

namespace Router.FunctionalTests.HostileInput;

/// <summary>A real nats-server, the real router and one Kestrel backend registered over NATS, shared by the corpus.</summary>
public sealed class HostileRequestFixture : IAsyncLifetime
{
    private NatsServerProcess _nats = null!;
    private NatsTestClient _client = null!;

    internal RouterTestEnvironment Router { get; private set; } = null!;

    /// <summary>Answers with the body it read, so a test sees what a forwarded request carried.</summary>
    internal TestBackend Backend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _nats = await NatsServerProcess.StartNewAsync();
        _client = await NatsTestClient.ConnectAsync(_nats);
        Router = await RouterTestEnvironment.StartAsync(nats: _nats);
        Backend = await TestBackend.StartAsync("corpus", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync(await reader.ReadToEndAsync());
        });
        await _client.RegisterAsync(Backend.Registration(HostileRequestCorpus.Host));
        await Eventually.Until("route registered", () => Router.RouteTable.Lookup(HostileRequestCorpus.Host, "/") is not null);
    }

    public async Task DisposeAsync()
    {
        await Backend.DisposeAsync();
        await Router.DisposeAsync();
        await _client.DisposeAsync();
        await _nats.DisposeAsync();
    }
}
