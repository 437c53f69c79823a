using System.Security.Cryptography.X509Certificates;

namespace Router.Testing;

/// <summary>
/// Certificates for backend TLS tests, made at test time by two <see cref="TestCertificateAuthority"/> instances: one
/// standing in for the platform's instance identity CA, one nobody trusts. Instance identities have the instance id
/// as their only SAN.
/// </summary>
public sealed class BackendTestCertificates : IDisposable
{
    private readonly TestCertificateAuthority _trusted = TestCertificateAuthority.Create("Backend Test Instance Identity CA");
    private readonly TestCertificateAuthority _untrusted = TestCertificateAuthority.Create("Backend Test Untrusted CA");

    private BackendTestCertificates()
    {
    }

    /// <summary>The CA the router is told to trust (<c>ca_certs</c>); also the CA the sidecars trust for client certificates.</summary>
    public X509Certificate2 Ca => _trusted.Certificate;

    /// <summary>A CA the router does not trust.</summary>
    public X509Certificate2 UntrustedCa => _untrusted.Certificate;

    /// <summary><see cref="Ca"/> as PEM.</summary>
    public string CaPem => _trusted.CertificatePem;

    private static DateTimeOffset Yesterday => DateTimeOffset.UtcNow.AddDays(-1);

    public static BackendTestCertificates Create() => new();

    /// <summary>A server certificate whose only SAN is <paramref name="instanceId"/>, issued by <see cref="Ca"/>.</summary>
    public X509Certificate2 Instance(string instanceId) => _trusted.IssueServer([instanceId]);

    /// <summary>Like <see cref="Instance"/>, issued by <see cref="UntrustedCa"/>.</summary>
    public X509Certificate2 UntrustedInstance(string instanceId) => _untrusted.IssueServer([instanceId]);

    /// <summary>Like <see cref="Instance"/>, expired yesterday.</summary>
    public X509Certificate2 ExpiredInstance(string instanceId) => _trusted.IssueServer([instanceId], notAfter: Yesterday);

    /// <summary>A client certificate named <paramref name="name"/>, issued by <see cref="Ca"/>.</summary>
    public X509Certificate2 Client(string name) => _trusted.IssueClient(name);

    /// <summary>A client certificate that expired yesterday.</summary>
    public X509Certificate2 ExpiredClient(string name) => _trusted.IssueClient(name, notAfter: Yesterday);

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
        _trusted.Dispose();
        _untrusted.Dispose();
    }
}
