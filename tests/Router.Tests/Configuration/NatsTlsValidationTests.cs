using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public class NatsTlsValidationTests
{
    private static (string CertPem, string KeyPem) CreatePair(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    [Fact]
    public void LoadFromYaml_TlsWithValidPemInYamlBlocks_Loads()
    {
        var (ca, _) = CreatePair("CN=nats-ca");
        var (cert, key) = CreatePair("CN=gorouter");
        static string Block(string pem) => string.Join("\n", pem.ReplaceLineEndings("\n").TrimEnd().Split('\n').Select(l => "    " + l));
        var yaml = $"nats:\n  tls_enabled: true\n  ca_certs: |\n{Block(ca)}\n  cert_chain: |\n{Block(cert)}\n  private_key: |\n{Block(key)}\n";

        var nats = Load(yaml).Options.Nats;

        Assert.True(nats.TlsEnabled);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", nats.CaCerts, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", nats.PrivateKey, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_TlsWithPemFromEnvironment_Loads()
    {
        var (ca, _) = CreatePair("CN=nats-ca");
        var (cert, key) = CreatePair("CN=gorouter");

        var nats = Load(
            "",
            ("ROUTER_NATS__TLS_ENABLED", "true"),
            ("ROUTER_NATS__CA_CERTS", ca),
            ("ROUTER_NATS__CERT_CHAIN", cert),
            ("ROUTER_NATS__PRIVATE_KEY", key)).Options.Nats;

        Assert.Equal(cert, nats.CertChain);
    }

    [Fact]
    public void LoadFromYaml_TlsWithoutMaterial_ErrorPerMissingKey()
    {
        var errors = Errors("nats:\n  tls_enabled: true\n");

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("nats.ca_certs: must hold at least one PEM certificate when nats.tls_enabled is true", SingleErrorFor(errors, "nats.ca_certs"), StringComparison.Ordinal);
        Assert.StartsWith("nats.cert_chain: must be set (PEM) when nats.tls_enabled is true", SingleErrorFor(errors, "nats.cert_chain"), StringComparison.Ordinal);
        Assert.StartsWith("nats.private_key: must be set (PEM) when nats.tls_enabled is true", SingleErrorFor(errors, "nats.private_key"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_TlsWithKeyOfAnotherCertificate_ErrorNamesCertChain()
    {
        var (ca, _) = CreatePair("CN=nats-ca");
        var (cert, _) = CreatePair("CN=gorouter");
        var (_, otherKey) = CreatePair("CN=other");

        var errors = Errors(
            "",
            ("ROUTER_NATS__TLS_ENABLED", "true"),
            ("ROUTER_NATS__CA_CERTS", ca),
            ("ROUTER_NATS__CERT_CHAIN", cert),
            ("ROUTER_NATS__PRIVATE_KEY", otherKey));

        var error = Assert.Single(errors);
        Assert.StartsWith("nats.cert_chain: must be a PEM certificate matching nats.private_key", error, StringComparison.Ordinal);
        Assert.EndsWith("(from ROUTER_NATS__CERT_CHAIN)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_TlsDisabled_MaterialNotChecked()
    {
        Assert.False(Load("nats:\n  tls_enabled: false\n  ca_certs: not a certificate\n").Options.Nats.TlsEnabled);
    }
}
