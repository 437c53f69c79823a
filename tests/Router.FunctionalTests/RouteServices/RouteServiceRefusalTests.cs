using System.Net;
using System.Net.Sockets;
using System.Text;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.RouteServices;

/// <summary>Requests for a bound route that cannot go through its route service, and route services that fail.</summary>
public sealed class RouteServiceRefusalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_RouteServicesDisabled_502RouteServiceUnsupported()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var app = await TestBackend.StartAsync("app");
        var registration = app.Registration("nosecret.test");
        registration.RouteServiceUrl = "https://rs.example.com/";
        router.RouteTable.Register(registration);

        using var response = await router.GetAsync("nosecret.test");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("route_service_unsupported", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal("502 Bad Gateway: Support for route services is disabled.\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, app.RequestCount);
    }

    [Fact]
    public async Task Get_WebSocketUpgradeOnBoundRoute_503RouteServiceUnsupported()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("ws.test");

        using var response = await scenario.GetAsync(
            "ws.test", "/socket", ("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13"), ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("route_service_unsupported", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal(
            "503 Service Unavailable: Websocket requests are not supported for routes bound to Route Services.\n",
            await response.Content.ReadAsStringAsync());
        Assert.Empty(scenario.Service.ReceivedHeaders);
        Assert.Equal(0, scenario.App.RequestCount);
    }

    [Fact]
    public async Task Get_ServiceUnreachable_502EndpointFailureCounted()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        var closedPort = FreePort.Next();
        scenario.RegisterBound("down.test", $"https://localhost:{closedPort}/");

        using var response = await scenario.GetAsync("down.test", "/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith("endpoint_failure (dial tcp localhost:", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")), StringComparison.Ordinal);
        var metrics = await MetricsScrape.FetchAsync(scenario.Router.MetricsPort);
        Assert.Equal(1, metrics.Value("bad_gateways"));
        Assert.Equal(0, scenario.App.RequestCount);
    }

    [Theory]
    [InlineData(true, "localhost", 526, "526 Invalid SSL Certificate", "x509: certificate signed by unknown authority", "backend_invalid_tls_cert")]
    [InlineData(false, "elsewhere.test", 503, "503 Service Unavailable", "x509: certificate is valid for elsewhere.test, not localhost", "backend_invalid_id")]
    public async Task Get_ServiceCertificateRefused_AnsweredByItsClassAndAppNotReached(
        bool untrustedCa, string certifiedName, int status, string body, string x509Error, string metric)
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        using var otherCa = TestCertificateAuthority.Create("Untrusted CA");
        var certificate = (untrustedCa ? otherCa : scenario.Ca).IssueServer([certifiedName]);
        await using var service = await RouteServiceApp.StartAsync(RouteServiceScenario.Secret, scenario.Router.ProxyPort, certificate);
        scenario.RegisterBound("refused.test", $"https://localhost:{service.Port}/");

        using var response = await scenario.GetAsync("refused.test", "/");

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(body + "\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(
            $"endpoint_failure (tls: failed to verify certificate: {x509Error})",
            Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, $"{metric} counted", m => m.Value(metric) == 1);
        Assert.Empty(service.ReceivedHeaders);
        Assert.Equal(0, scenario.App.RequestCount);
    }

    [Fact]
    public async Task Get_PlainHttpServerAtHttpsServiceUrl_525()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        await using var plain = await TestBackend.StartAsync("plain");
        scenario.RegisterBound("plain-rs.test", $"https://localhost:{plain.Port}/");

        using var response = await scenario.GetAsync("plain-rs.test", "/");

        Assert.Equal((HttpStatusCode)525, response.StatusCode);
        Assert.Equal("525 SSL Handshake Failed\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("endpoint_failure (tls: first record does not look like a TLS handshake)", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, "backend_tls_handshake_failed counted", m => m.Value("backend_tls_handshake_failed") == 1);
        Assert.Equal(0, plain.RequestCount);
        Assert.Equal(0, scenario.App.RequestCount);
    }

    [Fact]
    public async Task Get_ServiceRequiresClientCertificate_RouteServicesCertChainPresented()
    {
        var ca = TestCertificateAuthority.Create("Route Service CA"); // disposed with the scenario
        var client = ca.IssueClient("gorouter.service.cf.internal");
        var yaml = "route_services:\n" + TlsYaml.Block("cert_chain", TlsYaml.CertificatePem(client), "  ") +
            TlsYaml.Block("private_key", TlsYaml.PrivateKeyPem(client), "  ");
        await using var scenario = await RouteServiceScenario.StartAsync(output, yaml, ca);
        await using var strict = await RouteServiceApp.StartAsync(RouteServiceScenario.Secret, scenario.Router.ProxyPort, ca.IssueServer(["localhost"]), clientCa: ca.Certificate);
        scenario.RegisterBound("mtls.test", $"https://localhost:{strict.Port}/");

        using var response = await scenario.GetAsync("mtls.test", "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CN=gorouter.service.cf.internal", Assert.Single(strict.ClientCertificates));
        Assert.Equal(1, scenario.App.RequestCount);
    }

    [Theory]
    [InlineData("tls1_3", "max_tls_version: TLSv1.3\n", 496, "496 SSL Certificate Required", "remote error: tls: certificate required")]
    [InlineData("tls1_2", "", 525, "525 SSL Handshake Failed", "remote error: tls: handshake failure")]
    public async Task Get_ServiceAlertsMissingClientCertificate_AnsweredByAlert(string version, string yaml, int status, string body, string error)
    {
        // openssl s_server, not Kestrel: it answers a missing client certificate with an alert, where Kestrel closes
        // the connection without one (an EOF, 502). The router offers TLS up to max_tls_version (1.2 by default).
        await using var scenario = await RouteServiceScenario.StartAsync(output, yaml);
        await using var strict = await OpenSslServerProcess.StartRequiringClientCertificateAsync(
            scenario.Ca.IssueServer(["localhost"]), scenario.Ca.Certificate, version);
        scenario.RegisterBound("mtls.test", $"https://localhost:{strict.Port}/");

        using var response = await scenario.GetAsync("mtls.test", "/");

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(body + "\n", await response.Content.ReadAsStringAsync());
        Assert.Equal($"endpoint_failure ({error})", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal(0, scenario.App.RequestCount);
    }

    [Fact]
    public async Task Get_SkipSslValidation_UntrustedServiceAccepted()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output, "skip_ssl_validation: true\n");
        using var otherCa = TestCertificateAuthority.Create("Untrusted CA");
        await using var service = await RouteServiceApp.StartAsync(RouteServiceScenario.Secret, scenario.Router.ProxyPort, otherCa.IssueServer(["elsewhere"]));
        scenario.RegisterBound("skip.test", $"https://localhost:{service.Port}/");

        using var response = await scenario.GetAsync("skip.test", "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(service.ReceivedHeaders);
    }

    [Fact]
    public async Task Get_ServiceAnswersGarbage_502AndNextRequestServed()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var garbage = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            await socket.SendAsync(Encoding.ASCII.GetBytes("this is not HTTP\r\n\r\n"));
            socket.Shutdown(SocketShutdown.Both);
        });
        // Plain HTTP, so the garbage is read as the response (at an https URL it would fail the handshake: 525).
        scenario.RegisterBound("garbage.test", $"http://localhost:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        scenario.RegisterBound("fine.test");

        using var response = await scenario.GetAsync("garbage.test", "/");
        await garbage;
        using var next = await scenario.GetAsync("fine.test", "/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith("endpoint_failure (", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Get_ServiceSlowerThanEndpointTimeout_502ContextDeadline()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output, "endpoint_timeout: 1s\n");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var release = new TaskCompletionSource();
        var silent = Task.Run(async () =>
        {
            // Accepts and never answers until the test ends.
            using var socket = await listener.AcceptSocketAsync();
            await release.Task;
        });
        scenario.RegisterBound("slow.test", $"https://localhost:{((IPEndPoint)listener.LocalEndpoint).Port}/");

        using var response = await scenario.GetAsync("slow.test", "/");
        release.SetResult();
        await silent;

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("endpoint_failure (context deadline exceeded)", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
    }
}
