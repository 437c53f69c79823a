using System.Net;
using System.Security.Cryptography.X509Certificates;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tls;

/// <summary><c>client_cert_validation</c> and <c>forwarded_client_cert</c> on the HTTPS listener, end to end.</summary>
public sealed class ClientCertificateTests(TlsCertificates certs, ITestOutputHelper output) : IClassFixture<TlsCertificates>
{
    private const string Spoofed = "MIIBspoofed";

    [Theory]
    [InlineData("request")]
    [InlineData("require")]
    public async Task Get_TrustedClientCertificate_BackendSeesItsDerInSanitizeSet(string validation)
    {
        await using var setup = await StartAsync(validation, "sanitize_set");
        using var client = TlsClients.Http(setup.SslPort, certs.Ca, certs.Client);

        using var response = await TlsClients.GetAsync(client, "app.tls.test", Spoofed);
        using var again = await TlsClients.GetAsync(client, "app.tls.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.All(setup.Backend.ReceivedHeaders, seen => Assert.Equal(TlsCertificates.Xfcc(certs.Client), seen["X-Forwarded-Client-Cert"]));
    }

    [Theory]
    [InlineData("request", "untrusted")]
    [InlineData("request", "expired")]
    [InlineData("require", "untrusted")]
    [InlineData("require", "expired")]
    [InlineData("require", "none")]
    public async Task Handshake_BadOrMissingClientCertificate_Refused(string validation, string kind)
    {
        await using var setup = await StartAsync(validation, "sanitize_set");
        var certificate = kind switch
        {
            "untrusted" => certs.UntrustedClient,
            "expired" => certs.ExpiredClient,
            _ => null,
        };

        await Assert.ThrowsAnyAsync<Exception>(() => TlsClients.HandshakeAsync(setup.SslPort, certs.Ca, "a.tls.test", clientCertificate: certificate));
        using var client = TlsClients.Http(setup.SslPort, certs.Ca, certs.Client);
        using var response = await TlsClients.GetAsync(client, "app.tls.test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(setup.Backend.ReceivedHeaders);
    }

    [Fact]
    public async Task Get_RequestModeWithoutCertificate_ServedWithoutHeader()
    {
        await using var setup = await StartAsync("request", "sanitize_set");
        using var client = TlsClients.Http(setup.SslPort, certs.Ca);

        using var response = await TlsClients.GetAsync(client, "app.tls.test", Spoofed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(setup.Backend.ReceivedHeaders.Single().ContainsKey("X-Forwarded-Client-Cert"));
    }

    [Fact]
    public async Task Get_NoneModeWithCertificate_NotAskedForSoNoHeader()
    {
        await using var setup = await StartAsync("none", "sanitize_set");
        using var client = TlsClients.Http(setup.SslPort, certs.Ca, certs.UntrustedClient);

        using var response = await TlsClients.GetAsync(client, "app.tls.test", Spoofed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(setup.Backend.ReceivedHeaders.Single().ContainsKey("X-Forwarded-Client-Cert"));
    }

    [Theory]
    [InlineData("always_forward", true, Spoofed)]
    [InlineData("always_forward", false, Spoofed)]
    [InlineData("forward", true, Spoofed)]
    [InlineData("forward", false, null)]
    [InlineData("sanitize_set", true, "leaf")]
    [InlineData("sanitize_set", false, null)]
    public async Task Get_SpoofedHeaderOverTls_BackendSeesGorouterResult(string mode, bool withCertificate, string? expected)
    {
        await using var setup = await StartAsync("request", mode);
        using var client = TlsClients.Http(setup.SslPort, certs.Ca, withCertificate ? certs.Client : null, HttpVersion.Version20);

        using var response = await TlsClients.GetAsync(client, "app.tls.test", Spoofed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var value = setup.Backend.ReceivedHeaders.Single().GetValueOrDefault("X-Forwarded-Client-Cert");
        Assert.Equal(expected == "leaf" ? TlsCertificates.Xfcc(certs.Client) : expected, value);
    }

    private async Task<Setup> StartAsync(string validation, string mode)
    {
        var sslPort = FreePort.Next();
        var router = await RouterTestEnvironment.StartAsync(
            certs.RouterYaml(sslPort, validation, $"forwarded_client_cert: {mode}"), output: output);
        var backend = await TestBackend.StartAsync("mtls-app");
        router.Register(backend, "app.tls.test");
        return new Setup(router, backend, sslPort);
    }

    private sealed record Setup(RouterTestEnvironment Router, TestBackend Backend, int SslPort) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Router.DisposeAsync();
            await Backend.DisposeAsync();
        }
    }
}
