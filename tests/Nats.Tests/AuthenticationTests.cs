using Nats.Tests.Infrastructure;
using Router.Testing;

namespace Nats.Tests;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private NatsServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await NatsServerProcess.StartNewAsync("--user", "router", "--pass", "s3cret");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ConnectAsync_UserAndPasswordInOptions_Connects()
    {
        var options = TestConnections.Options(_server) with { User = "router", Password = "s3cret" };

        await using var connection = await TestConnections.ConnectAsync(options);

        await connection.FlushAsync();
        Assert.Equal(NatsConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task ConnectAsync_CredentialsInServerUri_TakePrecedenceOverOptions()
    {
        var options = TestConnections.Options(new Uri($"nats://router:s3cret@127.0.0.1:{_server.Port}")) with
        {
            User = "someone",
            Password = "else",
        };

        await using var connection = await TestConnections.ConnectAsync(options);

        await connection.FlushAsync();
        Assert.Equal(NatsConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task ConnectAsync_WrongPassword_FailsWithAuthorizationError()
    {
        var logs = new RecordingLoggerFactory();
        var options = TestConnections.Options(_server) with { User = "router", Password = "wrong", LoggerFactory = logs };
        await using var connection = new NatsConnection(options);

        var exception = await Assert.ThrowsAsync<NatsException>(async () => await connection.ConnectAsync());

        Assert.Contains("Authorization Violation", exception.Message);
        Assert.Contains("3 attempt(s)", exception.Message);
        Assert.DoesNotContain("wrong", exception.Message);
        Assert.Equal(NatsConnectionState.Disconnected, connection.State);
        Assert.Equal(1, logs.Count("nats-connection-error"));
    }

    [Fact]
    public async Task ConnectAsync_NoCredentials_FailsWithAuthorizationError()
    {
        await using var connection = new NatsConnection(TestConnections.Options(_server));

        var exception = await Assert.ThrowsAsync<NatsException>(async () => await connection.ConnectAsync());

        Assert.Contains("Authorization Violation", exception.Message);
    }
}
