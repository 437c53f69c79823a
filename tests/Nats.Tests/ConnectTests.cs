using System.Net;
using System.Net.Sockets;
using Nats.Tests.Infrastructure;

namespace Nats.Tests;

public class ConnectTests
{
    [Fact]
    public async Task ConnectAsync_NoServerListening_FailsAfterStartupAttempts()
    {
        var logs = new RecordingLoggerFactory();
        var options = TestConnections.Options(new Uri($"nats://127.0.0.1:{ClosedPort()}")) with
        {
            StartupConnectAttempts = 3,
            LoggerFactory = logs,
        };
        await using var connection = new NatsConnection(options);

        var exception = await Assert.ThrowsAsync<NatsException>(async () => await connection.ConnectAsync());

        Assert.Contains("3 attempt(s)", exception.Message);
        Assert.Equal(3, logs.Count("nats-connection-attempt-failed"));
        Assert.Equal(1, logs.Count("nats-connection-error"));
        Assert.Equal(NatsConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task ConnectAsync_FirstServerDown_ConnectsToAnother()
    {
        await using var server = new ScriptedNatsServer();
        var connection = server.CreateConnection(o => o with
        {
            Servers = [new Uri($"nats://127.0.0.1:{ClosedPort()}"), server.Uri],
            StartupConnectAttempts = 1,
        });

        var connecting = connection.ConnectAsync().AsTask();
        await server.AcceptConnectedAsync();
        await connecting;

        Assert.Equal(NatsConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task ConnectAsync_ServerNeverAnswers_FailsWithConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var options = TestConnections.Options(new Uri($"nats://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}")) with
        {
            StartupConnectAttempts = 1,
            ConnectTimeout = TimeSpan.FromMilliseconds(200),
        };
        await using var connection = new NatsConnection(options);

        var exception = await Assert.ThrowsAsync<NatsException>(async () => await connection.ConnectAsync());

        Assert.Contains("connect timeout", exception.Message);
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryProblem()
    {
        var options = new NatsOptions
        {
            Servers = [new Uri("http://127.0.0.1:4222")],
            PingInterval = TimeSpan.Zero,
            MaxPingsOutstanding = 0,
            SubscriptionPendingLimit = 0,
            ClientCertPath = "/tmp/cert.pem",
        };

        var exception = Assert.Throws<ArgumentException>(() => new NatsConnection(options));

        Assert.Contains("http://127.0.0.1:4222", exception.Message);
        Assert.Contains("PingInterval", exception.Message);
        Assert.Contains("MaxPingsOutstanding", exception.Message);
        Assert.Contains("SubscriptionPendingLimit", exception.Message);
        Assert.Contains("ClientKeyPath", exception.Message);
    }

    [Fact]
    public async Task ConnectAsync_CalledTwice_Throws()
    {
        await using var server = new ScriptedNatsServer();
        var connection = server.CreateConnection();
        var connecting = connection.ConnectAsync().AsTask();
        await server.AcceptConnectedAsync();
        await connecting;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.ConnectAsync());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
