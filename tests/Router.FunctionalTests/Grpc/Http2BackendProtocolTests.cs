using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Router.FunctionalTests.BackendTls;
using Router.GrpcTesting;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Grpc;

/// <summary>
/// Which HTTP version the router speaks to an endpoint (docs/gorouter-compatibility.md §7.5): HTTP/2 by ALPN to a TLS
/// endpoint registered with <c>protocol: http2</c>, whatever the client spoke; HTTP/1.1 otherwise.
/// </summary>
public sealed class Http2BackendProtocolTests(ITestOutputHelper output)
{
    private const string Instance = "4b0e9c2d-6a1f-4e3b-8c5d-00000000c002";

    [Fact]
    public async Task Get_Http11ClientToHttp2TlsEndpoint_BackendReachedOverHttp2()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output, withClientCertificate: false);
        await using var sidecar = await StartHttp2SidecarAsync(scenario);
        await scenario.RegisterAsync(Http2Registration(sidecar.Registration("h2.test")));

        using var response = await scenario.Router.GetAsync("h2.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/2", Assert.Single(response.Headers.GetValues("X-Protocol")));
    }

    [Fact]
    public async Task Get_Http2EndpointOfferingOnlyHttp11_ServedOverHttp11()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output, withClientCertificate: false);
        await using var sidecar = await TlsSidecarBackend.StartAsync(Instance, scenario.Certificates.Instance(Instance));
        await scenario.RegisterAsync(Http2Registration(sidecar.Registration("h1only.test")));

        using var first = await scenario.Router.GetAsync("h1only.test");
        using var second = await scenario.Router.GetAsync("h1only.test");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("HTTP/1.1", Assert.Single(first.Headers.GetValues("X-Protocol")));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, sidecar.RequestCount);
    }

    [Fact]
    public async Task Get_Http1TlsEndpointOfferingHttp2_StaysOnHttp11()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output, withClientCertificate: false);
        await using var sidecar = await StartHttp2SidecarAsync(scenario);
        await scenario.RegisterAsync(sidecar.Registration("h1.test"));

        using var response = await scenario.Router.GetAsync("h1.test");

        Assert.Equal("HTTP/1.1", Assert.Single(response.Headers.GetValues("X-Protocol")));
    }

    [Fact]
    public async Task Get_KeepAlivesDisabled_Http2EndpointStillServedOverHttp2()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output, withClientCertificate: false, extraYaml: "disable_keep_alives: true");
        await using var sidecar = await StartHttp2SidecarAsync(scenario);
        await scenario.RegisterAsync(Http2Registration(sidecar.Registration("close.test")));

        using var first = await scenario.Router.GetAsync("close.test");
        using var second = await scenario.Router.GetAsync("close.test");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("HTTP/2", Assert.Single(second.Headers.GetValues("X-Protocol")));
    }

    [Fact]
    public async Task Get_Http2DisabledByConfig_Http2EndpointReachedOverHttp11()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output, withClientCertificate: false, extraYaml: "enable_http2: false");
        await using var sidecar = await StartHttp2SidecarAsync(scenario);
        await scenario.RegisterAsync(Http2Registration(sidecar.Registration("off.test")));

        using var response = await scenario.Router.GetAsync("off.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/1.1", Assert.Single(response.Headers.GetValues("X-Protocol")));
    }

    [Fact]
    public async Task Unary_PlainTextHttp2Endpoint_SentOverHttp11SoGrpcRefusesIt()
    {
        await using var scenario = await GrpcScenario.StartAsync(output);
        await using var backend = await GrpcEchoBackend.StartAsync(certificate: null);
        await scenario.RegisterHttp2Async(backend.Port, Instance, "plain.grpc.test", tls: false);
        using var channel = scenario.Channel("plain.grpc.test");

        // No h2c, as in Gorouter: the gRPC server is handed an HTTP/1.1 request and answers with its own error.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Text = "x" }, deadline: DateTime.UtcNow.AddSeconds(30)));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("HTTP/1.1", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Http2BackendResetsStream_Returns502AndOtherRequestsServed()
    {
        var log = new RecordingOutput(output);
        await using var scenario = await BackendTlsScenario.StartAsync(log, withClientCertificate: false);
        await using var sidecar = await StartHttp2SidecarAsync(scenario);
        await scenario.RegisterAsync(Http2Registration(sidecar.Registration("reset.test")));

        using var reset = await scenario.Router.GetAsync("reset.test", TlsSidecarBackend.ResetStreamPath);
        using var next = await scenario.Router.GetAsync("reset.test");

        Assert.Equal(HttpStatusCode.BadGateway, reset.StatusCode);
        Assert.Equal("endpoint_failure (http2 error: INTERNAL_ERROR)", Assert.Single(reset.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("HTTP/2", Assert.Single(next.Headers.GetValues("X-Protocol")));
        await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, "bad_gateways counted", m => m.Value("bad_gateways") == 1);
        Assert.Contains(log.Lines, line => line.Contains("[backend-endpoint-failed]", StringComparison.Ordinal)
            && line.Contains("http2 error: INTERNAL_ERROR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_Http2BackendSendsOversizedFrame_Returns502AndOtherRequestsServed()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output, withClientCertificate: false);
        await using var broken = OversizedFrameBackend.Start(scenario.Certificates.Instance(Instance));
        await using var healthy = await StartHttp2SidecarAsync(scenario);
        await scenario.RegisterAsync(Http2Registration(TlsSidecarBackend.TlsRegistration(broken.Port, Instance, "frame.test")));
        await scenario.RegisterAsync(Http2Registration(healthy.Registration("healthy.test")));

        using var response = await scenario.Router.GetAsync("frame.test");
        using var other = await scenario.Router.GetAsync("healthy.test");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("endpoint_failure (http2 error: FRAME_SIZE_ERROR)", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        Assert.True(broken.Connections >= 1);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        await MetricsScrape.UntilAsync(scenario.Router.MetricsPort, "bad_gateways counted", m => m.Value("bad_gateways") == 1);
    }

    [Fact]
    public async Task Unary_LongerThanEndpointTimeout_CutWithUnavailable()
    {
        await using var scenario = await GrpcScenario.StartAsync(output, "endpoint_timeout: 1s");
        await using var backend = await scenario.StartTlsBackendAsync(Instance);
        await scenario.RegisterHttp2Async(backend.Port, Instance, "slow.grpc.test");
        using var channel = scenario.Channel("slow.grpc.test");

        // endpoint_timeout bounds a gRPC call as any request, as in Gorouter: the router answers 502 before the
        // client's own deadline, which gRPC reports as UNAVAILABLE.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { WaitForCancel = true }, deadline: DateTime.UtcNow.AddSeconds(30)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        await backend.Calls.FirstCancelled.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A sidecar offering h2 and http/1.1 by ALPN.</summary>
    private static Task<TlsSidecarBackend> StartHttp2SidecarAsync(BackendTlsScenario scenario) =>
        TlsSidecarBackend.StartAsync(Instance, scenario.Certificates.Instance(Instance), httpProtocols: HttpProtocols.Http1AndHttp2);

    private static RegistrationMessage Http2Registration(RegistrationMessage registration)
    {
        registration.Protocol = "http2";
        return registration;
    }
}
