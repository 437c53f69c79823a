using Router.Testing;

namespace RouteEmitterClient.Tests.Infrastructure;

internal static class TestOptions
{
    /// <summary>Emitter options for a test: long default interval, so any quick heartbeat comes from a router's answer.</summary>
    public static RouteEmitterOptions For(NatsServerProcess server, CapturingLoggerFactory logs, params string[] uris) => new()
    {
        NatsServers = [server.Uri],
        Host = "127.0.0.1",
        Port = 5001,
        Uris = uris,
        App = "5b2c3f7e-1111-4c4c-9c9c-000000000001",
        PrivateInstanceId = "instance-1",
        PrivateInstanceIndex = 3,
        Tags = new Dictionary<string, string> { ["component"] = "emitter-tests" },
        DefaultRegisterInterval = TimeSpan.FromSeconds(30),
        GreetTimeout = TimeSpan.FromMilliseconds(300),
        LoggerFactory = logs,
        NatsReconnectWait = TimeSpan.FromMilliseconds(100),
    };

    public static RouteMessages.RouterStartMessage Start(int intervalSeconds, int pruneSeconds = 120) => new()
    {
        Id = "0-test-router",
        Hosts = ["127.0.0.1"],
        MinimumRegisterIntervalInSeconds = intervalSeconds,
        PruneThresholdInSeconds = pruneSeconds,
    };
}
