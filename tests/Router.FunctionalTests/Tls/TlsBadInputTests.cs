using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Router.Metrics;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tls;

/// <summary>Connections the HTTPS listener refuses: each is closed and counted, and other clients are served meanwhile.</summary>
public sealed class TlsBadInputTests(TlsCertificates certs, ITestOutputHelper output) : IClassFixture<TlsCertificates>, IAsyncLifetime
{
    private readonly int _sslPort = FreePort.Next();
    private RouterTestEnvironment _router = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        var yaml = certs.RouterYaml(_sslPort, "none", "tls_handshake_timeout: 1s").Replace("max_tls_version: TLSv1.3", "max_tls_version: TLSv1.2", StringComparison.Ordinal);
        _router = await RouterTestEnvironment.StartAsync(yaml, output: output);
        _backend = await TestBackend.StartAsync("tls-app");
        _router.Register(_backend, "app.tls.test");
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Connect_HandshakeNeverSent_ClosedAfterTimeoutWhileOthersServed()
    {
        using var stalled = new TcpClient();
        await stalled.ConnectAsync(IPAddress.Loopback, _sslPort);
        var started = Stopwatch.StartNew();

        using var client = TlsClients.Http(_sslPort, certs.Ca);
        using var response = await TlsClients.GetAsync(client, "app.tls.test");
        var closed = await stalled.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, closed);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.9), $"closed after {started.Elapsed}");
        await MetricsScrape.UntilAsync(_router.MetricsPort, "stalled handshake counted", m => m.Value(MetricNames.ClientTlsHandshakeFailed) >= 1);
    }

    [Fact]
    public async Task Handshake_Tls13OnlyClientWhenMaxIs12_Refused()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => TlsClients.HandshakeAsync(_sslPort, certs.Ca, "a.tls.test", SslProtocols.Tls13));

        await MetricsScrape.UntilAsync(_router.MetricsPort, "version mismatch counted", m => m.Value(MetricNames.ClientTlsHandshakeFailed) >= 1);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Handshake_NoSharedCipher_Refused()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _sslPort);
        await using var tls = new SslStream(tcp.GetStream());

        await Assert.ThrowsAnyAsync<Exception>(() => tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "a.tls.test",
            EnabledSslProtocols = SslProtocols.Tls12,
            CipherSuitesPolicy = new CipherSuitesPolicy([TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256]),
            RemoteCertificateValidationCallback = certs.Ca.TrustOnlyThis(),
        }));

        await MetricsScrape.UntilAsync(_router.MetricsPort, "cipher mismatch counted", m => m.Value(MetricNames.ClientTlsHandshakeFailed) >= 1);
    }
}
