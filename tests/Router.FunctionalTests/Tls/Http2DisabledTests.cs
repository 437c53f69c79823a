using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tls;

/// <summary><c>enable_http2: false</c>: the HTTPS listener offers only <c>http/1.1</c> by ALPN.</summary>
public sealed class Http2DisabledTests(TlsCertificates certs, ITestOutputHelper output) : IClassFixture<TlsCertificates>
{
    [Fact]
    public async Task Get_Http2ClientWhenDisabled_ServedOverHttp11()
    {
        var sslPort = FreePort.Next();
        await using var router = await RouterTestEnvironment.StartAsync(certs.RouterYaml(sslPort, "none", "enable_http2: false"), output: output);
        await using var backend = await TestBackend.StartAsync("h1-only");
        router.Register(backend, "app.tls.test");
        using var client = TlsClients.Http(sslPort, certs.Ca, version: HttpVersion.Version20);
        client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;

        using var response = await TlsClients.GetAsync(client, "app.tls.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
    }
}
