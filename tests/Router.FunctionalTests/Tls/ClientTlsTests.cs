using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Router.Metrics;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tls;

/// <summary>The HTTPS listener: certificate by SNI, versions, HTTP/2 by ALPN, bad input on the TLS port.</summary>
public sealed class ClientTlsTests(TlsCertificates certs, ITestOutputHelper output) : IClassFixture<TlsCertificates>, IAsyncLifetime
{
    private readonly int _sslPort = FreePort.Next();
    private RouterTestEnvironment _router = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _router = await RouterTestEnvironment.StartAsync(certs.RouterYaml(_sslPort, "none"), output: output);
        _backend = await TestBackend.StartAsync("tls-app");
        _router.Register(_backend, "app.tls.test");
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Get_OverTls_ReachesBackendWithForwardedProtoHttps()
    {
        using var client = TlsClients.Http(_sslPort, certs.Ca);

        using var response = await TlsClients.GetAsync(client, "app.tls.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tls-app", await response.Content.ReadAsStringAsync());
        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal("https", seen["X-Forwarded-Proto"]);
        Assert.Equal("127.0.0.1", seen["X-Forwarded-For"]);
    }

    [Fact]
    public async Task Get_Http2OverTls_ServedAsHttp2AndBackendGetsHostFromAuthority()
    {
        using var client = TlsClients.Http(_sslPort, certs.Ca, version: HttpVersion.Version20);

        using var first = await TlsClients.GetAsync(client, "app.tls.test");
        using var unknown = await TlsClients.GetAsync(client, "nowhere.wild.tls.test");

        Assert.Equal(HttpVersion.Version20, first.Version);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("app.tls.test", _backend.ReceivedHeaders.Single()["Host"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown_route", unknown.Headers.GetValues("X-Cf-Routererror").Single());
    }

    [Theory]
    [InlineData("a.tls.test", "a.tls.test")]
    [InlineData("B.TLS.TEST", "b.tls.test")]
    [InlineData("x.wild.tls.test", "*.wild.tls.test")]
    [InlineData("y.x.wild.tls.test", "a.tls.test")]
    [InlineData("unknown.test", "a.tls.test")]
    [InlineData(null, "a.tls.test")]
    public async Task Handshake_ServerName_ChoosesExactThenWildcardThenFirst(string? serverName, string expectedName)
    {
        using var served = await TlsClients.HandshakeAsync(_sslPort, certs.Ca, serverName);

        Assert.Equal(expectedName, served.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.DnsName, false));
    }

    [Fact]
    public async Task Handshake_Tls13Client_Accepted()
    {
        using var served = await TlsClients.HandshakeAsync(_sslPort, certs.Ca, "a.tls.test", SslProtocols.Tls13);

        Assert.NotNull(served);
    }

    [Fact]
    public async Task Connect_PlainHttpOnTlsPort_ClosedCountedAndOthersServed()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _sslPort);
        var stream = tcp.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: app.tls.test\r\n\r\n"u8.ToArray());

        var read = await ReadToEndAsync(stream);
        using var client = TlsClients.Http(_sslPort, certs.Ca);
        using var response = await TlsClients.GetAsync(client, "app.tls.test");

        Assert.DoesNotContain("HTTP/1.1 200", read, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await MetricsScrape.UntilAsync(_router.MetricsPort, "handshake failure counted", m => m.Value(MetricNames.ClientTlsHandshakeFailed) >= 1);
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var text = new System.Text.StringBuilder();
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                text.Append(System.Text.Encoding.Latin1.GetString(buffer, 0, n));
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        return text.ToString();
    }
}
