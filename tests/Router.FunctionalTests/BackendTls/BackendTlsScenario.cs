using System.Security.Cryptography.X509Certificates;
using System.Text;
using Router.FunctionalTests.MessageBus;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests.BackendTls;

/// <summary>
/// A router trusting a test instance identity CA (<c>ca_certs</c>), optionally with a client certificate
/// (<c>backends.cert_chain</c> / <c>private_key</c>), a real nats-server, and a NATS client that registers sidecars.
/// </summary>
internal sealed class BackendTlsScenario : IAsyncDisposable
{
    private BackendTlsScenario(BackendTestCertificates certificates, NatsServerProcess nats, NatsTestClient client, RouterTestEnvironment router)
    {
        Certificates = certificates;
        Nats = nats;
        Client = client;
        Router = router;
    }

    public BackendTestCertificates Certificates { get; }

    public NatsServerProcess Nats { get; }

    public NatsTestClient Client { get; }

    public RouterTestEnvironment Router { get; }

    /// <summary>The subject of the router's client certificate, when it has one.</summary>
    public string RouterClientSubject => "CN=gorouter.service.cf.internal";

    public static async Task<BackendTlsScenario> StartAsync(ITestOutputHelper output, bool withClientCertificate = true, string extraYaml = "")
    {
        var certificates = BackendTestCertificates.Create();
        // One PEM text for ca_certs (read as a list of one); the list form is covered by the configuration tests.
        var yaml = new StringBuilder(TlsYaml.Block("ca_certs", certificates.CaPem)).AppendLine("backends:").AppendLine("  max_attempts: 3");
        if (withClientCertificate)
        {
            var client = certificates.Client("gorouter.service.cf.internal");
            yaml.Append(TlsYaml.Block("cert_chain", client.ExportCertificatePem(), "  "))
                .Append(TlsYaml.Block("private_key", TlsYaml.PrivateKeyPem(client), "  "));
        }

        yaml.AppendLine(extraYaml);
        var nats = await NatsServerProcess.StartNewAsync();
        var natsClient = await NatsTestClient.ConnectAsync(nats);
        var router = await RouterTestEnvironment.StartAsync(yaml.ToString(), nats: nats, output: output);
        return new BackendTlsScenario(certificates, nats, natsClient, router);
    }

    /// <summary>Starts a sidecar presenting <paramref name="certificate"/> that requires a client certificate from the test CA.</summary>
    public Task<TlsSidecarBackend> StartSidecarAsync(string instanceId, X509Certificate2 certificate, bool requireClientCertificate = true) =>
        TlsSidecarBackend.StartAsync(instanceId, certificate, requireClientCertificate ? Certificates.Ca : null);

    /// <summary>Registers over NATS and waits until the router has the endpoint.</summary>
    public async Task RegisterAsync(RegistrationMessage registration)
    {
        await Client.RegisterAsync(registration);
        var host = registration.Uris[0];
        await Eventually.Until(
            $"{registration.PrivateInstanceId} registered under {host}",
            () => HasEndpoint(host, registration.TlsPort));
    }

    /// <summary>True when the route <paramref name="host"/> has an endpoint on <paramref name="port"/>.</summary>
    public bool HasEndpoint(string host, int port)
    {
        var pool = Router.RouteTable.Lookup(host, "/");
        foreach (var endpoint in pool is null ? [] : pool.Endpoints)
        {
            if (endpoint.Port == port)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await Router.DisposeAsync();
        await Client.DisposeAsync();
        await Nats.DisposeAsync();
        Certificates.Dispose();
    }
}
