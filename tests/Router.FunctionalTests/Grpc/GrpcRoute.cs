using Grpc.Net.Client;
using Router.GrpcTesting;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Grpc;

/// <summary>
/// One gRPC backend over TLS registered with <c>protocol: http2</c> under a route of a fresh <see cref="GrpcScenario"/>,
/// and a client whose calls go through the router's HTTPS listener to it.
/// </summary>
internal sealed class GrpcRoute : IAsyncDisposable
{
    private const string Instance = "4b0e9c2d-6a1f-4e3b-8c5d-00000000c001";

    private readonly GrpcScenario _scenario;
    private readonly GrpcChannel _channel;

    private GrpcRoute(GrpcScenario scenario, GrpcEchoBackend backend, GrpcChannel channel)
    {
        _scenario = scenario;
        Backend = backend;
        _channel = channel;
        Client = new Echo.EchoClient(channel);
    }

    public GrpcEchoBackend Backend { get; }

    public Echo.EchoClient Client { get; }

    public static async Task<GrpcRoute> StartAsync(ITestOutputHelper output, string host)
    {
        var scenario = await GrpcScenario.StartAsync(output);
        var backend = await scenario.StartTlsBackendAsync(Instance);
        await scenario.RegisterHttp2Async(backend.Port, Instance, host);
        return new GrpcRoute(scenario, backend, scenario.Channel(host));
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Backend.DisposeAsync();
        await _scenario.DisposeAsync();
    }
}
