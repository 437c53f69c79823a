using System.Text;
using Nats.Tests.Infrastructure;
using Router.Testing;

namespace Nats.Tests;

public class ReconnectTests
{
    [Fact]
    public async Task ServerRestartedOnSamePort_RaisesEventsRestoresSubscriptionsAndMessagesFlow()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        var logs = new RecordingLoggerFactory();
        await using var subscriber = await TestConnections.ConnectAsync(TestConnections.Options(server) with { LoggerFactory = logs });
        await using var publisher = await TestConnections.ConnectAsync(server);
        await using var plain = await subscriber.SubscribeCoreAsync("outage.plain");
        await using var queued = await subscriber.SubscribeCoreAsync("outage.queued", "group");
        var disconnects = 0;
        var reconnects = 0;
        var stateWhenReconnected = NatsConnectionState.Disconnected;
        subscriber.Disconnected += (_, _) => Interlocked.Increment(ref disconnects);
        subscriber.Reconnected += (_, _) =>
        {
            stateWhenReconnected = subscriber.State;
            Interlocked.Increment(ref reconnects);
        };

        await server.StopAsync();
        await Eventually.Until("the subscriber noticed the outage", () => subscriber.State == NatsConnectionState.Reconnecting);
        await server.StartAsync();
        await Eventually.Until("the subscriber reconnected", () => Volatile.Read(ref reconnects) == 1);

        await publisher.PublishAsync("outage.plain", "after"u8.ToArray());
        await publisher.PublishAsync("outage.queued", "queued"u8.ToArray());
        Assert.Equal("after", Encoding.UTF8.GetString((await plain.Msgs.NextAsync()).Data.Span));
        Assert.Equal("queued", Encoding.UTF8.GetString((await queued.Msgs.NextAsync()).Data.Span));
        Assert.Equal(1, disconnects);
        Assert.Equal(NatsConnectionState.Connected, stateWhenReconnected);
        Assert.Equal(1, logs.Count("nats-connection-disconnected"));
        Assert.Equal(1, logs.Count("nats-connection-reconnected"));
    }

    [Fact]
    public async Task PublishAsync_WhileDisconnected_WaitsAndIsDeliveredAfterReconnect()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var connection = await TestConnections.ConnectAsync(server);
        await using var subscription = await connection.SubscribeCoreAsync("buffered.during.outage");
        await server.StopAsync();
        await Eventually.Until("the outage was noticed", () => connection.State == NatsConnectionState.Reconnecting);

        var publish = connection.PublishAsync("buffered.during.outage", "patience"u8.ToArray()).AsTask();
        Assert.False(publish.IsCompleted);
        await server.StartAsync();

        await publish.WaitAsync(TestConnections.Timeout);
        var message = await subscription.Msgs.NextAsync();
        Assert.Equal("patience", Encoding.UTF8.GetString(message.Data.Span));
    }

    [Fact]
    public async Task PublishAsync_WhileDisconnected_HonoursCancellation()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var connection = await TestConnections.ConnectAsync(server);
        await server.StopAsync();
        await Eventually.Until("the outage was noticed", () => connection.State == NatsConnectionState.Reconnecting);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await connection.PublishAsync("nowhere", "x"u8.ToArray(), cancellationToken: cancel.Token));
        Assert.Equal(NatsConnectionState.Reconnecting, connection.State);
    }

    [Fact]
    public async Task ServerDownLongerThanPingInterval_LogsStillDisconnected()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        var logs = new RecordingLoggerFactory();
        var options = TestConnections.Options(server) with { LoggerFactory = logs, PingInterval = TimeSpan.FromMilliseconds(100) };
        await using var connection = await TestConnections.ConnectAsync(options);

        await server.StopAsync();

        await Eventually.Until("nats-connection-still-disconnected was logged", () => logs.Count("nats-connection-still-disconnected") > 0);
        Assert.Equal(NatsConnectionState.Reconnecting, connection.State);
    }

    [Fact]
    public async Task DisposeAsync_WhileReconnecting_ClosesAndReleasesWaitingPublishes()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        var connection = await TestConnections.ConnectAsync(server);
        await server.StopAsync();
        await Eventually.Until("the outage was noticed", () => connection.State == NatsConnectionState.Reconnecting);
        var publish = connection.PublishAsync("never", "x"u8.ToArray()).AsTask();

        await connection.DisposeAsync();

        await Assert.ThrowsAsync<NatsException>(() => publish.WaitAsync(TestConnections.Timeout));
        Assert.Equal(NatsConnectionState.Closed, connection.State);
    }
}
