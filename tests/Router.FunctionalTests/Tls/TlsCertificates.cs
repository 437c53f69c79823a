using System.Security.Cryptography.X509Certificates;
using Router.Testing;

namespace Router.FunctionalTests.Tls;

/// <summary>
/// Certificates made once per test class: server certificates for two names and a wildcard, a client certificate,
/// one from an untrusted CA, and an expired one.
/// </summary>
public sealed class TlsCertificates : IDisposable
{
    public TlsCertificates()
    {
        Ca = TestCertificateAuthority.Create();
        OtherCa = TestCertificateAuthority.Create("Untrusted Test CA");
        ServerA = Ca.IssueServer(["a.tls.test", "app.tls.test"]);
        ServerB = Ca.IssueServer(["b.tls.test"]);
        Wildcard = Ca.IssueServer(["*.wild.tls.test"]);
        Client = Ca.IssueClient("app-client");
        UntrustedClient = OtherCa.IssueClient("stranger");
        ExpiredClient = Ca.IssueClient("expired-client", notAfter: DateTimeOffset.UtcNow.AddDays(-1));
    }

    public TestCertificateAuthority Ca { get; }

    public TestCertificateAuthority OtherCa { get; }

    public X509Certificate2 ServerA { get; }

    public X509Certificate2 ServerB { get; }

    public X509Certificate2 Wildcard { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 UntrustedClient { get; }

    public X509Certificate2 ExpiredClient { get; }

    /// <summary>The leaf's DER in base64, the exact <c>X-Forwarded-Client-Cert</c> value Gorouter sets.</summary>
    public static string Xfcc(X509Certificate2 certificate) => Convert.ToBase64String(certificate.RawData);

    /// <summary>
    /// YAML that turns the HTTPS listener on at <paramref name="sslPort"/> with the three server certificates,
    /// the CA as <c>client_ca_certs</c> and the given validation mode.
    /// </summary>
    public string RouterYaml(int sslPort, string validation, string extra = "") =>
        string.Join(
            "\n",
            "enable_ssl: true",
            $"ssl_port: {sslPort}",
            "cipher_suites: ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
            "min_tls_version: TLSv1.2",
            "max_tls_version: TLSv1.3",
            $"client_cert_validation: {validation}",
            "only_trust_client_ca_certs: true",
            TlsYaml.TlsPem(ServerA, ServerB, Wildcard),
            TlsYaml.Block("client_ca_certs", Ca.CertificatePem),
            extra);

    public void Dispose()
    {
        Ca.Dispose();
        OtherCa.Dispose();
    }
}
