using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Router.Configuration;

/// <summary>Reads the PEM texts of the configuration (<c>tls_pem</c>, <c>client_ca_certs</c>, <c>ca_certs</c>, <c>backends.cert_chain</c>) into certificates, for the validator and the TLS code alike; each method throws on text that does not parse.</summary>
internal static class PemCertificates
{
    /// <summary>Every certificate in <paramref name="pem"/>; empty when it holds none.</summary>
    public static X509Certificate2Collection ReadCertificates(string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            throw new CryptographicException($"not a PEM certificate: {ex.Message}", ex);
        }

        return certificates;
    }

    /// <summary>
    /// The leaf of <paramref name="chainPem"/> with the key of <paramref name="keyPem"/>, and the certificates after
    /// it (intermediates). Throws when the key does not belong to the leaf.
    /// </summary>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) ReadKeyPair(string chainPem, string keyPem)
    {
        var leaf = X509Certificate2.CreateFromPem(chainPem, keyPem);
        var all = ReadCertificates(chainPem);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            intermediates.Add(all[i]);
        }

        all[0].Dispose();
        return (leaf, intermediates);
    }
}
