using Grpc.Net.Client;
using Router.FunctionalTests.BackendTls;
using Router.GrpcTesting;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Grpc;

/// <summary>
/// A router with its HTTPS listener on (h2 by ALPN, certificate from the test CA), trusting the test instance
/// identity CA for backends, a real nats-server, and gRPC backends registered over NATS with <c>protocol: http2</c>.
/// </summary>
internal sealed class GrpcScenario : IAsyncDisposable
{
    private readonly TestCertificateAuthority _listenerCa;

    private GrpcScenario(BackendTlsScenario tls, int sslPort, TestCertificateAuthority listenerCa)
    {
        Tls = tls;
        SslPort = sslPort;
        _listenerCa = listenerCa;
    }

    public BackendTlsScenario Tls { get; }

    public RouterTestEnvironment Router => Tls.Router;

    /// <summary>The router's HTTPS listener.</summary>
    public int SslPort { get; }

    public static async Task<GrpcScenario> StartAsync(ITestOutputHelper output, string extraYaml = "")
    {
        var sslPort = FreePort.Next();
        var listenerCa = TestCertificateAuthority.Create("Router Listener CA");
        var yaml = string.Join(
            "\n",
            "enable_ssl: true",
            $"ssl_port: {sslPort}",
            "cipher_suites: ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
            "max_tls_version: TLSv1.3",
            "client_cert_validation: none",
            TlsYaml.TlsPem(listenerCa.IssueServer(["*.grpc.test"])),
            extraYaml);
        var tls = await BackendTlsScenario.StartAsync(output, withClientCertificate: false, extraYaml: yaml);
        return new GrpcScenario(tls, sslPort, listenerCa);
    }

    /// <summary>Starts a gRPC backend over TLS presenting the identity of <paramref name="instanceId"/>.</summary>
    public Task<GrpcEchoBackend> StartTlsBackendAsync(string instanceId) =>
        GrpcEchoBackend.StartAsync(Tls.Certificates.Instance(instanceId));

    /// <summary>Registers a TLS endpoint on <paramref name="port"/> with <c>protocol: http2</c> and waits for it.</summary>
    public Task RegisterHttp2Async(int port, string instanceId, string host, bool tls = true)
    {
        var registration = TlsSidecarBackend.TlsRegistration(port, instanceId, host);
        registration.Protocol = "http2";
        if (!tls)
        {
            registration.TlsPort = 0;
        }

        return RegisterAsync(registration, host, port);
    }

    /// <summary>A gRPC channel to <paramref name="host"/> (under <c>grpc.test</c>) through the router's HTTPS listener.</summary>
    public GrpcChannel Channel(string host) =>
        GrpcClients.Channel(host, SslPort, tls: true, _listenerCa.TrustOnlyThis());

    public async Task RegisterAsync(RegistrationMessage registration, string host, int port)
    {
        await Tls.Client.RegisterAsync(registration);
        await Eventually.Until($"{host} registered on port {port}", () => Tls.HasEndpoint(host, port));
    }

    public async ValueTask DisposeAsync()
    {
        await Tls.DisposeAsync();
        _listenerCa.Dispose();
    }
}
