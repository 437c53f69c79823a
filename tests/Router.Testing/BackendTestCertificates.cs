using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Router.Testing;

/// <summary>
/// Certificates for backend TLS tests, made at test time: a CA standing in for the platform's instance identity
/// CA, another CA nobody trusts, and certificates issued from them (instance identities whose SAN is the
/// instance id, client certificates).
/// </summary>
public sealed class BackendTestCertificates : IDisposable
{
    private readonly List<X509Certificate2> _issued = [];

    private BackendTestCertificates(X509Certificate2 ca, X509Certificate2 untrustedCa)
    {
        Ca = ca;
        UntrustedCa = untrustedCa;
    }

    /// <summary>The CA the router is told to trust (<c>ca_certs</c>); also the CA the sidecars trust for client certificates.</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>A CA the router does not trust.</summary>
    public X509Certificate2 UntrustedCa { get; }

    /// <summary><see cref="Ca"/> as PEM.</summary>
    public string CaPem => Ca.ExportCertificatePem();

    public static BackendTestCertificates Create() =>
        new(CreateCa("CN=Backend Test Instance Identity CA"), CreateCa("CN=Backend Test Untrusted CA"));

    /// <summary>A server certificate whose only SAN is <paramref name="instanceId"/>, issued by <see cref="Ca"/>.</summary>
    public X509Certificate2 Instance(string instanceId) => Issue(Ca, instanceId, serverAuth: true, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

    /// <summary>Like <see cref="Instance"/>, issued by <see cref="UntrustedCa"/>.</summary>
    public X509Certificate2 UntrustedInstance(string instanceId) => Issue(UntrustedCa, instanceId, serverAuth: true, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

    /// <summary>Like <see cref="Instance"/>, expired yesterday.</summary>
    public X509Certificate2 ExpiredInstance(string instanceId) => Issue(Ca, instanceId, serverAuth: true, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));

    /// <summary>A client certificate named <paramref name="name"/>, issued by <see cref="Ca"/>.</summary>
    public X509Certificate2 Client(string name) => Issue(Ca, name, serverAuth: false, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

    /// <summary>A client certificate that expired yesterday.</summary>
    public X509Certificate2 ExpiredClient(string name) => Issue(Ca, name, serverAuth: false, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));

    /// <summary>The PEM of <paramref name="certificate"/>'s private key (PKCS#8).</summary>
    public static string KeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no EC private key");
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="root"/> alone.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        foreach (var certificate in _issued)
        {
            certificate.Dispose();
        }

        Ca.Dispose();
        UntrustedCa.Dispose();
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
    }

    private X509Certificate2 Issue(X509Certificate2 issuer, string name, bool serverAuth, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        using var issued = request.Create(issuer, notBefore, notAfter, serial);
        var withKey = issued.CopyWithPrivateKey(key);
        _issued.Add(withKey);
        return withKey;
    }
}
