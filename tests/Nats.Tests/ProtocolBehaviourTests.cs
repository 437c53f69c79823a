using Nats.Tests.Infrastructure;
using Router.Testing;

namespace Nats.Tests;

/// <summary>Behaviours checked against a scripted server, because a real one will not misbehave on demand.</summary>
public class ProtocolBehaviourTests
{
    [Fact]
    public async Task ServerPing_IsAnsweredWithPong()
    {
        await using var server = new ScriptedNatsServer();
        var connection = server.CreateConnection();
        var connecting = connection.ConnectAsync().AsTask();
        var (client, _) = await server.AcceptConnectedAsync();
        await connecting;

        await client.SendAsync("PING\r\n");

        Assert.Equal("PONG", await client.ReadLineAsync());
    }

    [Fact]
    public async Task GarbageFromServer_DropsThatSocketAndReconnectsWithSubscriptions()
    {
        await using var server = new ScriptedNatsServer();
        var logs = new RecordingLoggerFactory();
        var connection = server.CreateConnection(o => o with { LoggerFactory = logs });
        await using var subscription = await connection.SubscribeCoreAsync("router.*");
        var reconnected = 0;
        connection.Reconnected += (_, _) => Interlocked.Increment(ref reconnected);
        var connecting = connection.ConnectAsync().AsTask();
        var (first, firstSubscriptions) = await server.AcceptConnectedAsync();
        await connecting;

        await first.SendAsync("MSG router.register 1 2\r\nok\r\nTHIS IS NOT NATS\r\n");

        Assert.Null(await first.ReadLineAsync());
        var (_, restored) = await server.AcceptConnectedAsync();
        await Eventually.Until("Reconnected was raised", () => Volatile.Read(ref reconnected) == 1);
        Assert.Equal(["SUB router.* 1"], firstSubscriptions);
        Assert.Equal(firstSubscriptions, restored);
        Assert.Equal("router.register", (await subscription.Msgs.NextAsync()).Subject);
        Assert.Contains(logs.Entries, e => e.EventName == "nats-connection-disconnected" && e.Message.Contains("Protocol error"));
    }

    [Fact]
    public async Task UnansweredPings_MarkConnectionStaleAndReconnect()
    {
        await using var server = new ScriptedNatsServer();
        var connection = server.CreateConnection(o => o with
        {
            PingInterval = TimeSpan.FromMilliseconds(50),
            MaxPingsOutstanding = 2,
        });
        var disconnected = 0;
        connection.Disconnected += (_, _) => Interlocked.Increment(ref disconnected);
        var connecting = connection.ConnectAsync().AsTask();
        var (silent, _) = await server.AcceptConnectedAsync();
        await connecting;

        // Two PINGs are sent and left unanswered; the third tick finds too many outstanding.
        Assert.Equal("PING", await silent.ReadLineAsync());
        Assert.Equal("PING", await silent.ReadLineAsync());
        Assert.Null(await silent.ReadLineAsync());

        await Eventually.Until("Disconnected was raised", () => Volatile.Read(ref disconnected) == 1);
        var (answering, _) = await server.AcceptConnectedAsync();
        Assert.Equal("PING", await answering.ReadLineAsync());
        await answering.SendAsync("PONG\r\n");
        await Eventually.Until("the connection is up again", () => connection.State == NatsConnectionState.Connected);
    }

    [Fact]
    public async Task ServerErrorAfterConnect_IsLoggedAndConnectionStays()
    {
        await using var server = new ScriptedNatsServer();
        var logs = new RecordingLoggerFactory();
        var connection = server.CreateConnection(o => o with { LoggerFactory = logs });
        var connecting = connection.ConnectAsync().AsTask();
        var (client, _) = await server.AcceptConnectedAsync();
        await connecting;

        await client.SendAsync("-ERR 'Permissions Violation for Publish to \"secret\"'\r\nPING\r\n");

        Assert.Equal("PONG", await client.ReadLineAsync());
        Assert.Contains(logs.Entries, e => e.EventName == "nats-server-error" && e.Message.Contains("Permissions Violation"));
        Assert.Equal(NatsConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task PublishAsync_ThousandInARow_ReachServerAsPubOperationsInOrder()
    {
        await using var server = new ScriptedNatsServer();
        var connection = server.CreateConnection();
        var connecting = connection.ConnectAsync().AsTask();
        var (client, _) = await server.AcceptConnectedAsync();
        await connecting;

        for (var i = 0; i < 1000; i++)
        {
            await connection.PublishAsync("batched", "x"u8.ToArray());
        }

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal("PUB batched 1", await client.ReadLineAsync());
            Assert.Equal("x", await client.ReadLineAsync());
        }
    }
}
