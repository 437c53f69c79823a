using Router.Testing;
using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public sealed class BackendTlsValidationTests : IDisposable
{
    private readonly BackendTestCertificates _certificates = BackendTestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void LoadFromYaml_CaCertsAsList_ReadsEachEntry()
    {
        var yaml = $"ca_certs:\n- |\n{Block(_certificates.CaPem, "  ")}\n- |\n{Block(_certificates.UntrustedCa.ExportCertificatePem(), "  ")}\n";

        var tls = Load(yaml).Options.BackendTls;

        Assert.Equal(2, tls.CaCerts.Count);
        Assert.All(tls.CaCerts, pem => Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem, StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFromYaml_CaCertsAsOnePemText_ReadAsListOfOne()
    {
        var tls = Load($"ca_certs: |\n{Block(_certificates.CaPem, "  ")}\n").Options.BackendTls;

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", Assert.Single(tls.CaCerts), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_CaCertsEntryNotPem_ErrorNamesEntry()
    {
        var errors = Errors($"ca_certs:\n- |\n{Block(_certificates.CaPem, "  ")}\n- not a certificate\n");

        Assert.StartsWith("ca_certs[1]: must hold at least one PEM certificate", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_ClientCertificateWithItsKey_Loads()
    {
        var client = _certificates.Client("gorouter");

        var tls = Load(
            "",
            ("ROUTER_BACKENDS__CERT_CHAIN", client.ExportCertificatePem()),
            ("ROUTER_BACKENDS__PRIVATE_KEY", TlsYaml.PrivateKeyPem(client))).Options.BackendTls;

        Assert.True(tls.HasClientCertificate);
    }

    [Fact]
    public void LoadFromYaml_ClientCertificateWithAnotherKey_ErrorNamesCertChain()
    {
        var errors = Errors(
            "",
            ("ROUTER_BACKENDS__CERT_CHAIN", _certificates.Client("gorouter").ExportCertificatePem()),
            ("ROUTER_BACKENDS__PRIVATE_KEY", TlsYaml.PrivateKeyPem(_certificates.Client("other"))));

        Assert.StartsWith("backends.cert_chain: must be a PEM certificate matching backends.private_key", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_ExpiredClientCertificate_ErrorNamesCertChain()
    {
        var client = _certificates.ExpiredClient("gorouter");

        var errors = Errors(
            "",
            ("ROUTER_BACKENDS__CERT_CHAIN", client.ExportCertificatePem()),
            ("ROUTER_BACKENDS__PRIVATE_KEY", TlsYaml.PrivateKeyPem(client)));

        Assert.StartsWith("backends.cert_chain: certificate 'CN=gorouter' expired at ", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_PrivateKeyWithoutCertChain_ErrorNamesCertChain()
    {
        var errors = Errors("", ("ROUTER_BACKENDS__PRIVATE_KEY", TlsYaml.PrivateKeyPem(_certificates.Client("gorouter"))));

        Assert.StartsWith("backends.cert_chain: must be set (PEM) when backends.private_key is set", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_BackendTlsKeys_NotWarnedAsUnsupported()
    {
        var client = _certificates.Client("gorouter");
        var yaml = $"ca_certs:\n- |\n{Block(_certificates.CaPem, "  ")}\nbackends:\n  cert_chain: |\n{Block(client.ExportCertificatePem(), "    ")}\n  private_key: |\n{Block(TlsYaml.PrivateKeyPem(client), "    ")}\n";

        Assert.Empty(Load(yaml).Warnings);
    }

    private static string Block(string pem, string prefix) =>
        string.Join("\n", pem.ReplaceLineEndings("\n").TrimEnd().Split('\n').Select(line => prefix + line));
}
