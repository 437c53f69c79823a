using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Router.Testing;

/// <summary>
/// A certificate authority made at test time, issuing server and client certificates (ECDSA P-256 by default, RSA
/// 2048 on request) with private keys attached. Nothing touches a certificate store.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly List<X509Certificate2> _issued = [];
    private long _serial;

    private TestCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA's own certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM, for <c>client_ca_certs</c> or a trust store.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>A self-signed CA valid from a year ago for ten years, so expired certificates can be issued under it.</summary>
    public static TestCertificateAuthority Create(string name = "Router Test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificateAuthority(request.CreateSelfSigned(now.AddYears(-1), now.AddYears(10)));
    }

    /// <summary>A server certificate whose SAN lists <paramref name="dnsNames"/> (the first is also its CN).</summary>
    public X509Certificate2 IssueServer(string[] dnsNames, bool rsa = false, DateTimeOffset? notAfter = null)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }

        return Issue($"CN={dnsNames[0]}", ServerAuth, san.Build(), rsa, notAfter);
    }

    /// <summary>A client certificate for <paramref name="commonName"/>; <paramref name="notAfter"/> in the past makes it expired.</summary>
    public X509Certificate2 IssueClient(string commonName, bool rsa = false, DateTimeOffset? notAfter = null) =>
        Issue($"CN={commonName}", ClientAuth, san: null, rsa, notAfter);

    /// <summary>A validation callback for TLS clients that trusts this CA only and, unless told not to, checks the name.</summary>
    public RemoteCertificateValidationCallback TrustOnlyThis(bool checkName = true) => (_, certificate, chain, errors) =>
    {
        if (certificate is not X509Certificate2 leaf || chain is null
            || (checkName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0))
        {
            return false;
        }

        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    };

    public void Dispose()
    {
        foreach (var certificate in _issued)
        {
            certificate.Dispose();
        }

        Certificate.Dispose();
    }

    private X509Certificate2 Issue(string subject, Oid usage, X509Extension? san, bool rsa, DateTimeOffset? notAfter)
    {
        using var rsaKey = rsa ? RSA.Create(2048) : null;
        using var ecKey = rsa ? null : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsaKey is not null
            ? new CertificateRequest(subject, rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, ecKey!, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            rsa ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var now = DateTimeOffset.UtcNow;
        var end = notAfter ?? now.AddYears(1);
        var start = end < now ? end.AddDays(-30) : now.AddHours(-1);
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial) + now.ToUnixTimeMilliseconds());
        using var issued = request.Create(Certificate, start, end, serial);
        var withKey = rsaKey is not null ? issued.CopyWithPrivateKey(rsaKey) : issued.CopyWithPrivateKey(ecKey!);
        lock (_issued)
        {
            _issued.Add(withKey);
        }

        return withKey;
    }
}
