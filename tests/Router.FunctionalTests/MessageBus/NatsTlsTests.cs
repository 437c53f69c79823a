using System.Collections;
using System.Net;
using NATS.Client.Core;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.MessageBus;

/// <summary>The router reaches a real <c>nats-server --tls</c> with the PEM material of <c>nats.*</c>.</summary>
public sealed class NatsTlsTests(ITestOutputHelper output) : IDisposable
{
    private readonly NatsTlsFiles _tls = NatsTlsFiles.Create();

    public void Dispose() => _tls.Dispose();

    [Fact]
    public async Task Register_NatsServerRequiresClientCertificate_RouteServedOverTls()
    {
        await using var nats = await NatsServerProcess.StartNewAsync(_tls.ServerArguments(verifyClients: true));
        await using var router = await RouterTestEnvironment.StartAsync(nats: nats, output: output, environment: TlsEnvironment(_tls.CaPem));
        await using var client = await NatsTestClient.ConnectAsync(nats, _tls);
        await using var backend = await TestBackend.StartAsync("tls-registered");

        await client.RegisterAsync(backend.Registration("tls-nats.test"));

        await Eventually.Until("route registered over TLS", () => router.RouteTable.Lookup("tls-nats.test", "/") is not null);
        using var response = await router.GetAsync("tls-nats.test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(router.Host.IsMessageBusConnected);
    }

    [Fact]
    public async Task Start_ServerCertificateFromAnotherCa_FailsToConnect()
    {
        using var other = NatsTlsFiles.Create();
        await using var nats = await NatsServerProcess.StartNewAsync(_tls.ServerArguments(verifyClients: false));

        // The router trusts only the CA of nats.ca_certs, not the one that signed the server's certificate.
        await Assert.ThrowsAnyAsync<NatsException>(
            () => RouterTestEnvironment.StartAsync(nats: nats, output: output, environment: TlsEnvironment(other.CaPem)));
    }

    [Fact]
    public async Task Start_TlsEnabledButServerPlain_FailsToConnect()
    {
        await using var nats = await NatsServerProcess.StartNewAsync();

        await Assert.ThrowsAnyAsync<NatsException>(
            () => RouterTestEnvironment.StartAsync(nats: nats, output: output, environment: TlsEnvironment(_tls.CaPem)));
    }

    private Hashtable TlsEnvironment(string caPem) => new()
    {
        ["ROUTER_NATS__TLS_ENABLED"] = "true",
        ["ROUTER_NATS__CA_CERTS"] = caPem,
        ["ROUTER_NATS__CERT_CHAIN"] = _tls.ClientCertPem,
        ["ROUTER_NATS__PRIVATE_KEY"] = _tls.ClientKeyPem,
    };
}
