using System.Threading.Channels;
using Router.Testing;

namespace Nats.Tests.Infrastructure;

internal static class TestConnections
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Options for a loopback server with short waits, so outage tests take well under a second.</summary>
    public static NatsOptions Options(NatsServerProcess server) => Options(server.Uri);

    public static NatsOptions Options(Uri server) => new()
    {
        Servers = [server],
        ReconnectWait = TimeSpan.FromMilliseconds(50),
        StartupRetryDelay = TimeSpan.FromMilliseconds(10),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Name = "nats-tests",
    };

    public static async Task<NatsConnection> ConnectAsync(NatsOptions options)
    {
        var connection = new NatsConnection(options);
        try
        {
            await connection.ConnectAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static Task<NatsConnection> ConnectAsync(NatsServerProcess server) => ConnectAsync(Options(server));

    /// <summary>Reads the next message or fails the test after <see cref="Timeout"/>.</summary>
    public static async Task<NatsMessage> NextAsync(this ChannelReader<NatsMessage> reader)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await reader.ReadAsync(timeout.Token);
    }
}
