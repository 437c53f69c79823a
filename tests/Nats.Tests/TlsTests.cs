using System.Text;
using Nats.Tests.Infrastructure;
using Router.Testing;

namespace Nats.Tests;

public sealed class TlsTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private NatsServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await NatsServerProcess.StartNewAsync(
        "--tlsverify",
        "--tlscert", _certificates.ServerCertPath,
        "--tlskey", _certificates.ServerKeyPath,
        "--tlscacert", _certificates.CaPath);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task PublishAsync_MutualTlsWithConfiguredCa_RoundTrips()
    {
        var options = TestConnections.Options(_server) with
        {
            TlsEnabled = true,
            CaCertsPath = _certificates.CaPath,
            ClientCertPath = _certificates.ClientCertPath,
            ClientKeyPath = _certificates.ClientKeyPath,
        };
        await using var connection = await TestConnections.ConnectAsync(options);
        await using var subscription = await connection.SubscribeCoreAsync("secure");

        await connection.PublishAsync("secure", "over tls"u8.ToArray());

        Assert.Equal("over tls", Encoding.UTF8.GetString((await subscription.Msgs.NextAsync()).Data.Span));
    }

    [Fact]
    public async Task ConnectAsync_ServerRequiresTlsButClientDidNotAsk_UpgradesAnyway()
    {
        var options = TestConnections.Options(_server) with
        {
            CaCertsPath = _certificates.CaPath,
            ClientCertPath = _certificates.ClientCertPath,
            ClientKeyPath = _certificates.ClientKeyPath,
        };

        await using var connection = await TestConnections.ConnectAsync(options);

        await connection.FlushAsync();
    }

    [Fact]
    public async Task ConnectAsync_ServerCertificateFromAnotherCa_Fails()
    {
        using var other = TestCertificates.Create("Some Other CA");
        var options = TestConnections.Options(_server) with
        {
            TlsEnabled = true,
            CaCertsPath = other.CaPath,
            ClientCertPath = _certificates.ClientCertPath,
            ClientKeyPath = _certificates.ClientKeyPath,
            StartupConnectAttempts = 1,
        };
        await using var connection = new NatsConnection(options);

        var exception = await Assert.ThrowsAsync<NatsException>(async () => await connection.ConnectAsync());

        Assert.Contains("certificate", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConnectAsync_CaFileMissing_FailsNamingTheFile()
    {
        var missing = Path.Combine(_certificates.Directory, "missing.pem");
        var options = TestConnections.Options(_server) with { TlsEnabled = true, CaCertsPath = missing, StartupConnectAttempts = 1 };
        await using var connection = new NatsConnection(options);

        var exception = await Assert.ThrowsAsync<NatsException>(async () => await connection.ConnectAsync());

        Assert.Contains(missing, exception.Message);
    }

    [Fact]
    public async Task ConnectAsync_TlsRequiredButServerOffersNone_Fails()
    {
        await using var plain = await NatsServerProcess.StartNewAsync();
        var options = TestConnections.Options(plain) with { TlsEnabled = true, StartupConnectAttempts = 1 };
        await using var connection = new NatsConnection(options);

        var exception = await Assert.ThrowsAsync<NatsException>(async () => await connection.ConnectAsync());

        Assert.Contains("TLS", exception.Message);
    }
}
