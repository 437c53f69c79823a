using System.Text.Json;
using RouteEmitterClient.Tests.Infrastructure;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace RouteEmitterClient.Tests;

public sealed class RouteEmitterRegistrationTests(ITestOutputHelper output)
{
    // Every key of Gorouter's registration message (docs/gorouter-compatibility.md §1.3), nothing more.
    private static readonly string[] GorouterKeys =
    [
        "host", "port", "tls_port", "uris", "app", "private_instance_id", "private_instance_index",
        "server_cert_domain_san", "route_service_url", "tags", "isolation_segment", "stale_threshold_in_seconds",
        "endpoint_updated_at_ns", "protocol", "options", "availability_zone",
    ];

    private readonly CapturingLoggerFactory _logs = new(output);

    [Fact]
    public async Task StartAsync_RouterAnswers_RegistersAtOnceWithGorouterJsonShape()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var probe = await NatsProbe.StartAsync(server, TestOptions.Start(intervalSeconds: 30));
        var options = TestOptions.For(server, _logs, "shape.example.com", "shape.example.com/api");
        options.AvailabilityZone = "z1";
        options.LoadBalancing = "least-connection";
        var before = DateTimeOffset.UtcNow;
        await using var emitter = new RouteEmitter(options);

        await emitter.StartAsync();
        await Eventually.Until("the registration arrived", () => probe.Count(NatsSubjects.Register) >= 1);

        var body = probe.Messages(NatsSubjects.Register)[0];
        Assert.Equal(GorouterKeys.Order(), body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("127.0.0.1", body.GetProperty("host").GetString());
        Assert.Equal(5001, body.GetProperty("port").GetInt32());
        Assert.Equal(0, body.GetProperty("tls_port").GetInt32());
        Assert.Equal(["shape.example.com", "shape.example.com/api"], body.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("instance-1", body.GetProperty("private_instance_id").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("private_instance_index").ValueKind);
        Assert.Equal("3", body.GetProperty("private_instance_index").GetString());
        Assert.Equal("emitter-tests", body.GetProperty("tags").GetProperty("component").GetString());
        Assert.Equal("least-connection", body.GetProperty("options").GetProperty("loadbalancing").GetString());
        Assert.Equal("http1", body.GetProperty("protocol").GetString());
        Assert.Equal("z1", body.GetProperty("availability_zone").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("stale_threshold_in_seconds").ValueKind);
        var updatedAt = DateTimeOffset.UnixEpoch.AddTicks(body.GetProperty("endpoint_updated_at_ns").GetInt64() / 100);
        Assert.InRange(updatedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        // The router's own decoder accepts it.
        Assert.True(RegistrationMessageParser.TryParse(JsonSerializer.SerializeToUtf8Bytes(body), out var parsed, out var error), error);
        Assert.Equal(5001, parsed.EffectivePort);
        Assert.Equal(1, probe.Greets);
    }

    [Fact]
    public async Task StopAsync_Started_UnregistersTheEndpoint()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var probe = await NatsProbe.StartAsync(server);
        var emitter = new RouteEmitter(TestOptions.For(server, _logs, "stop.example.com"));
        await emitter.StartAsync();

        await emitter.StopAsync();

        await Eventually.Until("the unregistration arrived", () => probe.Count(NatsSubjects.Unregister) == 1);
        var body = probe.Messages(NatsSubjects.Unregister)[0];
        Assert.Equal("127.0.0.1", body.GetProperty("host").GetString());
        Assert.Equal(5001, body.GetProperty("port").GetInt32());
        Assert.Equal(["stop.example.com"], body.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => emitter.StartAsync());
        await emitter.DisposeAsync();
        Assert.Equal(1, probe.Count(NatsSubjects.Unregister));
    }

    [Fact]
    public async Task StopAsync_NeverStarted_SendsNothing()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var probe = await NatsProbe.StartAsync(server);
        var emitter = new RouteEmitter(TestOptions.For(server, _logs, "idle.example.com"));

        await emitter.StopAsync();
        await emitter.DisposeAsync();

        await probe.Connection.PingAsync();
        Assert.Equal(0, probe.Count(NatsSubjects.Register) + probe.Count(NatsSubjects.Unregister));
        Assert.False(_logs.Logged("unregister-failed"));
    }

    [Fact]
    public async Task ChangeRegistrationAsync_UriDropped_WithdrawsOnlyThatUriAndStampsNewUpdateTime()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var probe = await NatsProbe.StartAsync(server);
        await using var emitter = new RouteEmitter(TestOptions.For(server, _logs, "keep.example.com", "drop.example.com"));
        await emitter.StartAsync();
        await Eventually.Until("the first registration arrived", () => probe.Count(NatsSubjects.Register) == 1);
        var firstStamp = probe.Messages(NatsSubjects.Register)[0].GetProperty("endpoint_updated_at_ns").GetInt64();

        await emitter.ChangeRegistrationAsync(o => o.Uris = ["keep.example.com"]);

        await Eventually.Until("the changed registration arrived", () => probe.Count(NatsSubjects.Register) == 2);
        var withdrawn = Assert.Single(probe.Messages(NatsSubjects.Unregister));
        Assert.Equal(["drop.example.com"], withdrawn.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
        var changed = probe.Messages(NatsSubjects.Register)[1];
        Assert.Equal(["keep.example.com"], changed.GetProperty("uris").EnumerateArray().Select(u => u.GetString()));
        Assert.True(changed.GetProperty("endpoint_updated_at_ns").GetInt64() > firstStamp);

        // The same content again is no change: nothing is sent.
        await emitter.ChangeRegistrationAsync(o => o.Uris = ["keep.example.com"]);
        Assert.Equal(2, emitter.RegistrationsSent);
    }

    [Fact]
    public async Task ChangeRegistrationAsync_NatsServerChanged_Throws()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var emitter = new RouteEmitter(TestOptions.For(server, _logs, "fixed.example.com"));

        await Assert.ThrowsAsync<ArgumentException>(() =>
            emitter.ChangeRegistrationAsync(o => o.NatsServers = [new Uri("nats://127.0.0.1:1")]));
        await Assert.ThrowsAsync<ArgumentException>(() => emitter.ChangeRegistrationAsync(o => o.Uris = []));
    }
}
