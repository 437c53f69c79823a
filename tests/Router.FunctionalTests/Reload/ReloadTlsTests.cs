using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Router.FunctionalTests.Tls;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Reload;

/// <summary>Certificate rotation: new connections get the reloaded certificate, open ones keep theirs and keep working.</summary>
public sealed class ReloadTlsTests(TlsCertificates certs, ITestOutputHelper output) : IClassFixture<TlsCertificates>
{
    private readonly int _sslPort = FreePort.Next();

    [Fact]
    public async Task Reload_NewServerCertificate_NewConnectionsGetItAndAnOpenConnectionKeepsWorking()
    {
        await using var file = await ReloadFile.StartAsync(TlsYamlWith(certs.ServerA), output);
        await using var backend = await TestBackend.StartAsync("tls-app");
        file.Router.Register(backend, "app.tls.test");
        using var rotated = certs.Ca.IssueServer(["a.tls.test", "app.tls.test"]);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _sslPort);
        await using var open = new SslStream(tcp.GetStream());
        await open.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "app.tls.test",
            RemoteCertificateValidationCallback = certs.Ca.TrustOnlyThis(checkName: false),
        });
        var before = await GetOnAsync(open);

        var result = await file.ReloadAsync(TlsYamlWith(rotated));
        using var served = await TlsClients.HandshakeAsync(_sslPort, certs.Ca, "a.tls.test");
        var after = await GetOnAsync(open);

        Assert.True(result.Applied);
        Assert.Equal(["tls_pem"], result.Changed);
        Assert.Equal(rotated.SerialNumber, served.SerialNumber);
        Assert.StartsWith("HTTP/1.1 200", before, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", after, StringComparison.Ordinal);
        Assert.Equal(certs.ServerA.SerialNumber, new X509Certificate2(open.RemoteCertificate!).SerialNumber);
    }

    [Fact]
    public async Task Reload_ClientCaReplaced_NewConnectionsTrustOnlyTheNewCa()
    {
        await using var file = await ReloadFile.StartAsync(TlsYamlWith(certs.ServerA, "require", certs.Ca), output);
        using var trustedBefore = await TlsClients.HandshakeAsync(_sslPort, certs.Ca, "a.tls.test", clientCertificate: certs.Client);

        var result = await file.ReloadAsync(TlsYamlWith(certs.ServerA, "require", certs.OtherCa));
        using var trustedAfter = await TlsClients.HandshakeAsync(_sslPort, certs.Ca, "a.tls.test", clientCertificate: certs.UntrustedClient);

        Assert.Equal(["client_ca_certs"], result.Changed);
        Assert.NotNull(trustedBefore);
        Assert.NotNull(trustedAfter);
        await Assert.ThrowsAnyAsync<Exception>(() => TlsClients.HandshakeAsync(_sslPort, certs.Ca, "a.tls.test", clientCertificate: certs.Client));
    }

    [Fact]
    public async Task Reload_ExpiredServerCertificate_RefusedWithTheKeyAndOldCertificateStillServed()
    {
        await using var file = await ReloadFile.StartAsync(TlsYamlWith(certs.ServerA), output);
        using var expired = certs.Ca.IssueServer(["a.tls.test"], notAfter: DateTimeOffset.UtcNow.AddDays(-1));

        var result = await file.ReloadAsync(TlsYamlWith(expired));
        using var served = await TlsClients.HandshakeAsync(_sslPort, certs.Ca, "a.tls.test");

        Assert.False(result.Applied);
        Assert.Contains(result.Errors, e => e.StartsWith("tls_pem", StringComparison.Ordinal));
        Assert.Equal(certs.ServerA.SerialNumber, served.SerialNumber);
        Assert.Equal(1, file.Router.Reloader!.Refused);
    }

    private string TlsYamlWith(X509Certificate2 server, string validation = "none", TestCertificateAuthority? clientCa = null) =>
        string.Join(
            "\n",
            "enable_ssl: true",
            $"ssl_port: {_sslPort}",
            "cipher_suites: ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
            "min_tls_version: TLSv1.2",
            "max_tls_version: TLSv1.3",
            $"client_cert_validation: {validation}",
            "only_trust_client_ca_certs: true",
            TlsYaml.TlsPem(server),
            TlsYaml.Block("client_ca_certs", (clientCa ?? certs.Ca).CertificatePem));

    /// <summary>One keep-alive HTTP/1.1 GET on an open TLS connection; returns the response head and body.</summary>
    private static async Task<string> GetOnAsync(SslStream stream)
    {
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: app.tls.test\r\n\r\n"u8.ToArray());
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!IsComplete(text.ToString()))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    // The backend's body is "tls-app", with Content-Length or in chunks ended by the empty chunk.
    private static bool IsComplete(string response) =>
        response.Contains("tls-app", StringComparison.Ordinal) &&
        (!response.Contains("chunked", StringComparison.OrdinalIgnoreCase) || response.EndsWith("0\r\n\r\n", StringComparison.Ordinal));
}
