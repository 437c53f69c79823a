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

    [Fact]
    public async Task Get_ServiceCertificateFromUntrustedCa_RefusedAndAppNotReached()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        using var otherCa = TestCertificateAuthority.Create("Untrusted CA");
        await using var impostor = await RouteServiceApp.StartAsync(RouteServiceScenario.Secret, scenario.Router.ProxyPort, otherCa.IssueServer(["localhost"]));
        scenario.RegisterBound("impostor.test", $"https://localhost:{impostor.Port}/");

        using var response = await scenario.GetAsync("impostor.test", "/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith("endpoint_failure (", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")), StringComparison.Ordinal);
        Assert.Empty(impostor.ReceivedHeaders);
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
        scenario.RegisterBound("garbage.test", $"https://localhost:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        scenario.RegisterBound("fine.test");

        using var response = await scenario.GetAsync("garbage.test", "/");
        await garbage;
        using var next = await scenario.GetAsync("fine.test", "/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
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
