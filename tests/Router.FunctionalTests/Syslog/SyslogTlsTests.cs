using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Syslog;

/// <summary>The access log streamed to rsyslogd over TLS (OpenSSL network stream driver), certificates made here.</summary>
public sealed class SyslogTlsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create("Syslog Test CA");
    private readonly string _directory = Directory.CreateTempSubdirectory("syslog-tls-").FullName;

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Stream_TlsServerTrustedThroughCaCerts_LinesArrive()
    {
        await using var rsyslog = await RsyslogProcess.StartNewAsync(SyslogListener.Tls, ServerFiles());
        await using var router = await SyslogRouter.StartAsync($"localhost:{rsyslog.Port}", "tls", output, TlsYaml.Block("ca_certs", _ca.CertificatePem));

        using (var response = await router.Router.GetAsync(SyslogRouter.AppHost, "/over-tls"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.Until("the line arrived over TLS", () => rsyslog.Received().Any(e => e.Message.Contains("/over-tls", StringComparison.Ordinal)), Wait);
    }

    [Fact]
    public async Task Stream_TlsServerNotTrusted_RequestsAnsweredHandshakeFailuresCountedNothingSent()
    {
        await using var rsyslog = await RsyslogProcess.StartNewAsync(SyslogListener.Tls, ServerFiles());
        await using var router = await SyslogRouter.StartAsync($"localhost:{rsyslog.Port}", "tls", output);

        await Eventually.Until("two handshakes failed", async () =>
        {
            using var response = await router.Router.GetAsync(SyslogRouter.AppHost, "/untrusted");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await MetricsScrape.FetchAsync(router.Router.MetricsPort)).Value("syslog_connection_failures") >= 2;
        }, Wait);

        Assert.Empty(rsyslog.Received());
    }

    private (string CaFile, string CertificateFile, string KeyFile) ServerFiles()
    {
        using var server = _ca.IssueServer(["localhost"]);
        var files = (Path.Combine(_directory, "ca.pem"), Path.Combine(_directory, "server.pem"), Path.Combine(_directory, "server.key"));
        File.WriteAllText(files.Item1, _ca.CertificatePem);
        File.WriteAllText(files.Item2, TlsYaml.CertificatePem(server));
        File.WriteAllText(files.Item3, TlsYaml.PrivateKeyPem(server));
        return files;
    }
}
