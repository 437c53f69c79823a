using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Router.Configuration;

/// <summary>Reads the PEM text of <c>tls_pem</c> and <c>client_ca_certs</c>; used by the validator and the TLS listener alike.</summary>
internal static class PemCertificates
{
    /// <summary>
    /// The first certificate of <paramref name="certChain"/> with <paramref name="privateKey"/> attached, and the
    /// certificates after it. Throws <see cref="CryptographicException"/> or <see cref="ArgumentException"/> when
    /// the PEM does not parse or the key does not match the first certificate.
    /// </summary>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) LoadKeyPair(string certChain, string privateKey)
    {
        var leaf = X509Certificate2.CreateFromPem(certChain, privateKey);
        var all = Load(certChain);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            intermediates.Add(all[i]);
        }

        all[0].Dispose();
        return (leaf, intermediates);
    }

    /// <summary>Every certificate in <paramref name="pem"/>; none when it holds no certificate block.</summary>
    public static X509Certificate2Collection Load(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates;
    }
}
