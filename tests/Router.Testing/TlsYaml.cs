using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Router.Testing;

/// <summary>Writes certificates into <c>router.yaml</c> text the way an operator would: PEM in block scalars.</summary>
public static class TlsYaml
{
    /// <summary>The certificate's PEM followed by <paramref name="chain"/>'s (intermediates).</summary>
    public static string CertificatePem(X509Certificate2 certificate, params X509Certificate2[] chain) =>
        string.Concat(new[] { certificate }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n"));

    /// <summary>The certificate's private key as PKCS#8 PEM.</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate) =>
        certificate.GetECDsaPrivateKey() is { } ec ? Export(ec) : Export(certificate.GetRSAPrivateKey()!);

    /// <summary>A <c>tls_pem</c> list with one entry per certificate, in order.</summary>
    public static string TlsPem(params X509Certificate2[] certificates)
    {
        var yaml = new StringBuilder("tls_pem:\n");
        foreach (var certificate in certificates)
        {
            yaml.Append("- ").Append(Block("cert_chain", CertificatePem(certificate), "  ").TrimStart());
            yaml.Append(Block("private_key", PrivateKeyPem(certificate), "  "));
        }

        return yaml.ToString();
    }

    /// <summary><paramref name="key"/> with <paramref name="pem"/> as a literal block scalar, at <paramref name="indent"/>.</summary>
    public static string Block(string key, string pem, string indent = "")
    {
        var yaml = new StringBuilder().Append(indent).Append(key).Append(": |\n");
        foreach (var line in pem.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            yaml.Append(indent).Append("  ").Append(line.TrimEnd('\r')).Append('\n');
        }

        return yaml.ToString();
    }

    private static string Export(AsymmetricAlgorithm key)
    {
        using (key)
        {
            return key.ExportPkcs8PrivateKeyPem();
        }
    }
}
