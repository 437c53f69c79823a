using System.Net.Security;
using System.Security.Authentication;
using Router.Configuration;
using Router.Testing;
using Router.Tls;
using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

/// <summary>Start-up checks of the HTTPS listener's keys: every bad certificate or setting is named.</summary>
public sealed class ClientTlsValidationTests : IDisposable
{
    private const string Ciphers = "cipher_suites: ECDHE-ECDSA-AES128-GCM-SHA256\n";
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void LoadFromYaml_ValidHttpsListener_Mapped()
    {
        var server = _ca.IssueServer(["a.test"]);

        var result = Load(Ssl(TlsYaml.TlsPem(server)) + "min_tls_version: TLSv1.1\nmax_tls_version: TLSv1.3\nenable_proxy: true\ndisable_http: true\n");

        Assert.DoesNotContain(result.Warnings, w => w.Contains("tls", StringComparison.OrdinalIgnoreCase));
        var tls = result.Options.ClientTls;
        Assert.True(tls.EnableSsl && tls.EnableProxy && tls.DisableHttp);
        Assert.Equal(ClientCertValidation.Request, tls.ClientCertValidation);
        Assert.Equal(TlsVersion.Tls11, tls.MinTlsVersion);
        Assert.Equal(TlsVersion.Tls13, tls.MaxTlsVersion);
        Assert.Equal(server.ExportCertificatePem().Trim(), Assert.Single(tls.TlsPem).CertChain.Trim());
    }

    [Fact]
    public void LoadFromYaml_EnableSslWithNothingElse_NamesEveryMissingKey()
    {
        var errors = Errors("enable_ssl: true");

        Assert.Contains(errors, e => e.StartsWith("tls_pem: must list at least one", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("cipher_suites: must list cipher suites", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("client_cert_validation: must be one of none, request, require", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFromYaml_PemThatDoesNotParse_NamesEntry()
    {
        var yaml = Ssl("tls_pem:\n- cert_chain: not a certificate\n  private_key: not a key\n");

        Assert.StartsWith("tls_pem[0].cert_chain: must be a PEM certificate chain", Assert.Single(Errors(yaml)), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_KeyOfAnotherCertificate_NamesEntry()
    {
        var a = _ca.IssueServer(["a.test"]);
        var b = _ca.IssueServer(["b.test"]);
        var yaml = Ssl("tls_pem:\n- " + TlsYaml.Block("cert_chain", TlsYaml.CertificatePem(a), "  ")[2..] + TlsYaml.Block("private_key", TlsYaml.PrivateKeyPem(b), "  "));

        Assert.StartsWith("tls_pem[0].cert_chain: must be a PEM certificate chain whose first certificate matches tls_pem[0].private_key", Assert.Single(Errors(yaml)), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_ExpiredCertificate_NamesEntry()
    {
        var good = _ca.IssueServer(["a.test"]);
        var expired = _ca.IssueServer(["old.test"], notAfter: DateTimeOffset.UtcNow.AddDays(-2));

        var error = Assert.Single(Errors(Ssl(TlsYaml.TlsPem(good, expired))));

        Assert.StartsWith("tls_pem[1].cert_chain: certificate CN=old.test expired at", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cipher_suites: ECDHE-RSA-AES128-GCM-SHA256:NOT-A-CIPHER", "cipher_suites: unknown cipher suite 'NOT-A-CIPHER'")]
    [InlineData("min_tls_version: TLSv1.3\nmax_tls_version: TLSv1.2", "min_tls_version: must not be above max_tls_version")]
    [InlineData("max_tls_version: TLSv1.1", "max_tls_version: must be one of , TLSv1.2, TLSv1.3")]
    [InlineData("client_cert_validation: maybe", "client_cert_validation: must be one of none, request, require")]
    [InlineData("only_trust_client_ca_certs: true", "client_ca_certs: must be set when only_trust_client_ca_certs is true")]
    [InlineData("client_ca_certs: garbage", "client_ca_certs: must hold PEM certificates")]
    public void LoadFromYaml_BadTlsSetting_NamesKey(string yaml, string expectedStart)
    {
        var server = _ca.IssueServer(["a.test"]);

        // A key of the test replaces the base file's line for it.
        var key = yaml[..yaml.IndexOf(':', StringComparison.Ordinal)];
        var baseYaml = string.Join('\n', Ssl(TlsYaml.TlsPem(server)).Split('\n').Where(line => !line.StartsWith(key + ":", StringComparison.Ordinal)));

        var errors = Errors(baseYaml + "\n" + yaml);

        Assert.StartsWith(expectedStart, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_DisableHttpWithoutSsl_Refused()
    {
        Assert.StartsWith("disable_http: must be false when enable_ssl is false", Assert.Single(Errors("disable_http: true")), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_SslPortSameAsPort_Refused()
    {
        var server = _ca.IssueServer(["a.test"]);

        var errors = Errors(Ssl(TlsYaml.TlsPem(server)) + "port: 8443\n");

        Assert.StartsWith("ssl_port: 8443 is already used by port", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TlsVersion.Tls12, TlsVersion.Tls12, SslProtocols.Tls12)]
    [InlineData(TlsVersion.Tls12, TlsVersion.Tls13, SslProtocols.Tls12 | SslProtocols.Tls13)]
    [InlineData(TlsVersion.Tls13, TlsVersion.Tls13, SslProtocols.Tls13)]
    public void ToSslProtocols_Range_EveryVersionBetween(TlsVersion min, TlsVersion max, SslProtocols expected)
    {
        Assert.Equal(expected, ServerCertificates.ToSslProtocols(min, max));
    }

    [Fact]
    public void Parse_OpenSslAndRfcNames_SameSuites()
    {
        var suites = CipherSuiteNames.Parse("ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:ECDHE-RSA-CHACHA20-POLY1305", out var unknown);

        Assert.Null(unknown);
        Assert.Equal(
            [TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256],
            suites);
    }

    private static string Ssl(string tlsPem) =>
        "enable_ssl: true\nssl_port: 8443\nclient_cert_validation: request\n" + Ciphers + tlsPem + "\n";
}
