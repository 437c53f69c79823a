using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.BackendTls;

/// <summary>
/// With <c>enable_ssl</c>, <c>cipher_suites</c> also limits the TLS 1.2 suites offered to backends, as Gorouter's
/// <c>main.go</c> puts them in its backend TLS template; without it the TLS library's defaults are offered.
/// </summary>
public sealed class BackendTlsCipherTests(ITestOutputHelper output)
{
    private const string Instance = "7a1d0c52-93e4-4b8f-a6d1-0000000000c1";

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256", HttpStatusCode.OK)]
    [InlineData("ECDHE-RSA-AES128-GCM-SHA256", (HttpStatusCode)525)]
    public async Task Get_EnableSslWithCipherSuites_OffersOnlyThoseToTls12Backends(string cipherSuites, HttpStatusCode expected)
    {
        using var certificates = BackendTestCertificates.Create();
        await using var scenario = await BackendTlsScenario.StartAsync(output, extraYaml: ClientTlsYaml(certificates, cipherSuites));
        // The sidecar's certificate has an ECDSA key and it speaks TLS 1.2 only: an RSA-only list shares no suite with it.
        await using var sidecar = await OpenSslServerProcess.StartAsync(scenario.Certificates.Instance(Instance), clientCa: null, "tls1_2");
        await scenario.RegisterAsync(TlsSidecarBackend.TlsRegistration(sidecar.Port, Instance, "ciphers.test"));

        using var response = await scenario.Router.GetAsync("ciphers.test");

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("endpoint_failure (remote error: tls: handshake failure)", response.Headers.GetValues("X-Cf-Routererror").Single());
        }
    }

    [Fact]
    public async Task Get_CipherSuitesWithoutEnableSsl_LibraryDefaultsOffered()
    {
        // Gorouter reads cipher_suites only with enable_ssl; without it the same RSA-only list restricts nothing.
        await using var scenario = await BackendTlsScenario.StartAsync(output, extraYaml: "cipher_suites: ECDHE-RSA-AES128-GCM-SHA256");
        await using var sidecar = await OpenSslServerProcess.StartAsync(scenario.Certificates.Instance(Instance), clientCa: null, "tls1_2");
        await scenario.RegisterAsync(TlsSidecarBackend.TlsRegistration(sidecar.Port, Instance, "defaults.test"));

        using var response = await scenario.Router.GetAsync("defaults.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string ClientTlsYaml(BackendTestCertificates certificates, string cipherSuites)
    {
        var server = certificates.Instance("router.test");
        return $"enable_ssl: true\nssl_port: {FreePort.Next()}\n{TlsYaml.TlsPem(server)}cipher_suites: {cipherSuites}\nclient_cert_validation: none\n";
    }
}
