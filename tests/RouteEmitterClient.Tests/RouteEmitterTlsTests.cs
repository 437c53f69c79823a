using NATS.Client.Core;
using Router.Testing;
using RouteEmitterClient.Tests.Infrastructure;
using RouteMessages;
using Xunit.Abstractions;

namespace RouteEmitterClient.Tests;

/// <summary>The emitter reaches a real <c>nats-server --tls --tlsverify</c> with PEM files, as the sidecar flags name them.</summary>
public sealed class RouteEmitterTlsTests(ITestOutputHelper output) : IDisposable
{
    private readonly CapturingLoggerFactory _logs = new(output);
    private readonly NatsTlsFiles _tls = NatsTlsFiles.Create();

    public void Dispose()
    {
        _tls.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task StartAsync_TlsWithClientCertificate_RegistersAndAnswersGreet()
    {
        await using var nats = await NatsServerProcess.StartNewAsync(_tls.ServerArguments(verifyClients: true));
        await using var probe = await NatsProbe.StartAsync(nats, TestOptions.Start(intervalSeconds: 7), _tls);
        await using var emitter = new RouteEmitter(TlsOptions(nats, _tls.CaPath, "emitter-tls.test"));

        await emitter.StartAsync();

        await Eventually.Until("registration arrived over TLS", () => probe.Count(NatsSubjects.Register) >= 1);
        Assert.Equal("emitter-tls.test", probe.Messages(NatsSubjects.Register)[0].GetProperty("uris")[0].GetString());
        Assert.Equal(TimeSpan.FromSeconds(7), emitter.RegisterInterval);
    }

    [Fact]
    public async Task StartAsync_ServerCertificateFromAnotherCa_Throws()
    {
        using var other = NatsTlsFiles.Create();
        await using var nats = await NatsServerProcess.StartNewAsync(_tls.ServerArguments(verifyClients: true));
        await using var emitter = new RouteEmitter(TlsOptions(nats, other.CaPath, "untrusted.test"));

        await Assert.ThrowsAnyAsync<NatsException>(() => emitter.StartAsync());
    }

    [Fact]
    public void Constructor_CaFileWithoutCertificate_ErrorNamesCaCerts()
    {
        var notPem = Path.Combine(Path.GetTempPath(), $"not-pem-{Guid.NewGuid():N}.pem");
        File.WriteAllText(notPem, "not a certificate");
        try
        {
            var options = TlsOptions(new NatsServerProcess(), notPem, "bad-pem.test");

            var error = Assert.Throws<ArgumentException>(() => new RouteEmitter(options));

            Assert.Contains("nats.ca_certs:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    [Fact]
    public void Constructor_KeyOfAnotherCertificate_ErrorNamesCertChain()
    {
        using var other = NatsTlsFiles.Create();
        var options = TlsOptions(new NatsServerProcess(), _tls.CaPath, "mismatch.test");
        options.NatsClientKeyPath = other.ClientKeyPath;

        var error = Assert.Throws<ArgumentException>(() => new RouteEmitter(options));

        Assert.Contains("nats.cert_chain:", error.Message, StringComparison.Ordinal);
    }

    private RouteEmitterOptions TlsOptions(NatsServerProcess nats, string caPath, string uri)
    {
        var options = TestOptions.For(nats, _logs, uri);
        options.NatsTlsEnabled = true;
        options.NatsCaCertsPath = caPath;
        options.NatsClientCertPath = _tls.ClientCertPath;
        options.NatsClientKeyPath = _tls.ClientKeyPath;
        return options;
    }
}
