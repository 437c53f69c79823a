using System.Net;
using System.Net.Sockets;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.BackendTls;

/// <summary>Each backend TLS failure answered and counted as Gorouter's <c>proxy/round_tripper/error_handler.go</c> does.</summary>
public sealed class BackendTlsFailureTests(ITestOutputHelper output)
{
    private const string Instance = "7a1d0c52-93e4-4b8f-a6d1-0000000000f1";
    private const string OtherInstance = "7a1d0c52-93e4-4b8f-a6d1-0000000000f2";

    [Fact]
    public async Task Get_CertificateOfAnotherInstance_Returns503AndPrunesEndpoint()
    {
        var log = new RecordingOutput(output);
        await using var scenario = await BackendTlsScenario.StartAsync(log);
        await using var sidecar = await scenario.StartSidecarAsync(OtherInstance, scenario.Certificates.Instance(OtherInstance));

        // The address now belongs to another instance than the one registered.
        await scenario.RegisterAsync(TlsSidecarBackend.TlsRegistration(sidecar.Port, Instance, "moved.test"));

        using var response = await scenario.Router.GetAsync("moved.test");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("503 Service Unavailable\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(
            $"endpoint_failure (tls: failed to verify certificate: x509: certificate is valid for {OtherInstance}, not {Instance})",
            RouterError(response));
        Assert.False(scenario.HasEndpoint("moved.test", sidecar.Port));
        Assert.Equal(0, sidecar.RequestCount);
        using var next = await scenario.Router.GetAsync("moved.test");
        Assert.Equal(HttpStatusCode.NotFound, next.StatusCode);
        var metrics = await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, "backend_invalid_id counted", m => m.Value("backend_invalid_id") == 1);
        Assert.Equal(0, metrics.Value("bad_gateways"));
        Assert.Contains(log.Lines, line => line.Contains(
            $"Warning Router.Proxying.ProxyHandler[backend-endpoint-failed] Backend 127.0.0.1:{sidecar.Port} for route moved.test failed: " +
            $"tls: failed to verify certificate: x509: certificate is valid for {OtherInstance}, not {Instance}",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_CertificateFromUntrustedCa_Returns526()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output);
        await using var sidecar = await scenario.StartSidecarAsync(Instance, scenario.Certificates.UntrustedInstance(Instance));
        await scenario.RegisterAsync(sidecar.Registration("untrusted.test"));

        using var response = await scenario.Router.GetAsync("untrusted.test");

        Assert.Equal((HttpStatusCode)526, response.StatusCode);
        Assert.Equal("526 Invalid SSL Certificate\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("endpoint_failure (tls: failed to verify certificate: x509: certificate signed by unknown authority)", RouterError(response));
        await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, "backend_invalid_tls_cert counted", m => m.Value("backend_invalid_tls_cert") == 1);
        Assert.False(scenario.HasEndpoint("untrusted.test", sidecar.Port));
    }

    [Fact]
    public async Task Get_ExpiredCertificate_Returns526NamingTheExpiry()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output);
        await using var sidecar = await scenario.StartSidecarAsync(Instance, scenario.Certificates.ExpiredInstance(Instance));
        await scenario.RegisterAsync(sidecar.Registration("expired.test"));

        using var response = await scenario.Router.GetAsync("expired.test");

        Assert.Equal((HttpStatusCode)526, response.StatusCode);
        Assert.StartsWith(
            "endpoint_failure (tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ",
            RouterError(response),
            StringComparison.Ordinal);
        await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, "backend_invalid_tls_cert counted", m => m.Value("backend_invalid_tls_cert") == 1);
    }

    [Theory]
    [InlineData("tls1_3", 496, "496 SSL Certificate Required", "remote error: tls: certificate required")]
    [InlineData("tls1_2", 525, "525 SSL Handshake Failed", "remote error: tls: handshake failure")]
    public async Task Get_SidecarAlertsMissingClientCertificate_AnsweredByAlert(string version, int status, string body, string error)
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output, withClientCertificate: false);
        await using var sidecar = await OpenSslServerProcess.StartRequiringClientCertificateAsync(
            scenario.Certificates.Instance(Instance), scenario.Certificates.Ca, version);
        await scenario.RegisterAsync(TlsSidecarBackend.TlsRegistration(sidecar.Port, Instance, "mtls.test"));

        using var response = await scenario.Router.GetAsync("mtls.test");

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(body + "\n", await response.Content.ReadAsStringAsync());
        Assert.Equal($"endpoint_failure ({error})", RouterError(response));
        Assert.False(scenario.HasEndpoint("mtls.test", sidecar.Port));
    }

    [Fact]
    public async Task Get_KestrelSidecarClosesForMissingClientCertificate_Returns502Eof()
    {
        // Kestrel checks the client certificate after the handshake and closes without an alert: the router,
        // like Gorouter, sees the connection end before a response.
        await using var scenario = await BackendTlsScenario.StartAsync(output, withClientCertificate: false);
        await using var sidecar = await scenario.StartSidecarAsync(Instance, scenario.Certificates.Instance(Instance));
        await scenario.RegisterAsync(sidecar.Registration("kestrel-mtls.test"));

        using var response = await scenario.Router.GetAsync("kestrel-mtls.test");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("endpoint_failure (EOF)", RouterError(response));
        Assert.Equal(0, sidecar.RequestCount);
    }

    [Fact]
    public async Task Get_PlainServerOnTlsPort_Returns525()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output);
        await using var plain = await TestBackend.StartAsync("plain");
        await scenario.RegisterAsync(TlsSidecarBackend.TlsRegistration(plain.Port, Instance, "plain.test"));

        using var response = await scenario.Router.GetAsync("plain.test");

        Assert.Equal((HttpStatusCode)525, response.StatusCode);
        Assert.Equal("525 SSL Handshake Failed\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("endpoint_failure (tls: first record does not look like a TLS handshake)", RouterError(response));
        await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, "backend_tls_handshake_failed counted", m => m.Value("backend_tls_handshake_failed") == 1);
        Assert.False(scenario.HasEndpoint("plain.test", plain.Port));
    }

    [Fact]
    public async Task Get_HandshakeNeverAnswered_Returns502AfterTlsHandshakeTimeout()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output, extraYaml: "tls_handshake_timeout: 300ms");
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await scenario.RegisterAsync(TlsSidecarBackend.TlsRegistration(port, Instance, "silent.test"));

        using var response = await scenario.Router.GetAsync("silent.test");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("endpoint_failure (net/http: TLS handshake timeout)", RouterError(response));
        await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, "bad_gateways counted", m => m.Value("bad_gateways") == 1);
    }

    [Fact]
    public async Task Get_FailingTlsEndpointsBesideHealthyOne_RetriedOntoHealthyAndPruned()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output);
        var healthyId = "7a1d0c52-93e4-4b8f-a6d1-0000000000aa";
        await using var healthy = await scenario.StartSidecarAsync(healthyId, scenario.Certificates.Instance(healthyId));
        await using var impostor = await scenario.StartSidecarAsync(OtherInstance, scenario.Certificates.Instance(OtherInstance));
        await using var untrusted = await scenario.StartSidecarAsync(Instance, scenario.Certificates.UntrustedInstance(Instance));
        await scenario.RegisterAsync(healthy.Registration("mixed.test"));
        await scenario.RegisterAsync(TlsSidecarBackend.TlsRegistration(impostor.Port, "7a1d0c52-93e4-4b8f-a6d1-0000000000bb", "mixed.test"));
        await scenario.RegisterAsync(untrusted.Registration("mixed.test"));

        for (var i = 0; i < 6; i++)
        {
            using var response = await scenario.Router.GetAsync("mixed.test");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith(healthyId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False(scenario.HasEndpoint("mixed.test", impostor.Port));
        Assert.False(scenario.HasEndpoint("mixed.test", untrusted.Port));
        Assert.True(scenario.HasEndpoint("mixed.test", healthy.Port));
    }

    private static string RouterError(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("X-Cf-Routererror"));
}
