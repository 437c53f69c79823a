using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>The router executable's HTTPS listener, driven by curl and openssl s_client as an operator would.</summary>
public sealed class ClientTlsProcessTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly string _files = Directory.CreateTempSubdirectory("router-tls-").FullName;
    private MessageBus _bus = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();

        // The app answers with the X-Forwarded-Client-Cert it was given, so curl shows what the app saw.
        _backend = await TestBackend.StartAsync("xfcc-echo", context =>
            context.Response.WriteAsync($"xfcc={context.Request.Headers["X-Forwarded-Client-Cert"]}"));
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _bus.DisposeAsync();
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_files, recursive: true);
    }

    [Theory]
    [InlineData("--http1.1", "1.1")]
    [InlineData("--http2", "2")]
    public async Task Curl_MutualTls_AppSeesClientLeafInsteadOfSpoofedHeader(string protocolFlag, string expectedVersion)
    {
        var sslPort = FreePort.Next();
        await using var router = await StartRouterAsync(sslPort, "request");
        var client = _ca.IssueClient("curl-client");
        var clientCert = Write("client.pem", TlsYaml.CertificatePem(client));
        var clientKey = Write("client.key", TlsYaml.PrivateKeyPem(client));

        var curl = await CommandLineTool.RunAsync(
            "curl", "-sS", protocolFlag, "--cacert", Write("ca.pem", _ca.CertificatePem), "--cert", clientCert, "--key", clientKey,
            "--resolve", $"app.tls.test:{sslPort}:127.0.0.1", "-H", "X-Forwarded-Client-Cert: spoofed",
            "-w", "\n%{http_code} %{http_version}", $"https://app.tls.test:{sslPort}/");

        Assert.True(curl.ExitCode == 0, curl.StandardError);
        Assert.Equal($"xfcc={Convert.ToBase64String(client.RawData)}\n200 {expectedVersion}", curl.StandardOutput);
    }

    [Fact]
    public async Task Curl_RequireWithoutClientCertificate_Refused()
    {
        var sslPort = FreePort.Next();
        await using var router = await StartRouterAsync(sslPort, "require");

        var curl = await CommandLineTool.RunAsync(
            "curl", "-sS", "--cacert", Write("ca.pem", _ca.CertificatePem),
            "--resolve", $"app.tls.test:{sslPort}:127.0.0.1", $"https://app.tls.test:{sslPort}/");

        Assert.NotEqual(0, curl.ExitCode);
        Assert.DoesNotContain("xfcc=", curl.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other.tls.test", "other.tls.test")]
    [InlineData("x.wild.tls.test", "*.wild.tls.test")]
    [InlineData("nobody.test", "app.tls.test")]
    public async Task OpensslSClient_ServerName_CertificateBySniAndH2ByAlpn(string serverName, string expectedCommonName)
    {
        var sslPort = FreePort.Next();
        await using var router = await StartRouterAsync(sslPort, "none");

        var openssl = await CommandLineTool.RunAsync(
            "openssl", "s_client", "-connect", $"127.0.0.1:{sslPort}", "-servername", serverName, "-alpn", "h2,http/1.1",
            "-CAfile", Write("ca.pem", _ca.CertificatePem));

        Assert.Matches(new Regex($@"subject=\s*CN\s*=\s*{Regex.Escape(expectedCommonName)}\s*$", RegexOptions.Multiline), openssl.StandardOutput);
        Assert.Contains("ALPN protocol: h2", openssl.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Verify return code: 0 (ok)", openssl.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExpiredCertificateInTlsPem_ExitsOneNamingTheEntry()
    {
        var good = _ca.IssueServer(["app.tls.test"]);
        var expired = _ca.IssueServer(["old.tls.test"], notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, ExtraYaml = RouterYaml(FreePort.Next(), "none", good, expired), WaitUntilHealthy = false }, output);

        Assert.Equal(1, await router.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Matches(new Regex(@"(?m)^\s+tls_pem\[1\]\.cert_chain: certificate CN=old\.tls\.test expired at"), router.StandardError);
    }

    private async Task<RouterProcess> StartRouterAsync(int sslPort, string validation)
    {
        var yaml = RouterYaml(
            sslPort, validation, _ca.IssueServer(["app.tls.test"]), _ca.IssueServer(["other.tls.test"]), _ca.IssueServer(["*.wild.tls.test"]));
        var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, ExtraYaml = yaml + "\nforwarded_client_cert: sanitize_set" }, output);
        await _bus.RegisterAndWaitAsync(router, _backend.Registration("app.tls.test"));
        return router;
    }

    private string RouterYaml(int sslPort, string validation, params System.Security.Cryptography.X509Certificates.X509Certificate2[] servers) =>
        string.Join(
            "\n",
            "enable_ssl: true",
            $"ssl_port: {sslPort}",
            "cipher_suites: ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384",
            "max_tls_version: TLSv1.3",
            $"client_cert_validation: {validation}",
            "only_trust_client_ca_certs: true",
            TlsYaml.TlsPem(servers),
            TlsYaml.Block("client_ca_certs", _ca.CertificatePem));

    private string Write(string name, string content)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllText(path, content);
        return path;
    }
}
