using System.Globalization;
using System.Security.Cryptography;

namespace Router.Configuration;

/// <summary>
/// Backend TLS material must load at start-up, as Gorouter's <c>config.Process</c> requires: every
/// <c>ca_certs</c> entry holds a certificate, and <c>backends.cert_chain</c> matches <c>backends.private_key</c>.
/// An expired client certificate is refused too, because every sidecar that checks it would refuse the router.
/// </summary>
internal static partial class RouterOptionsValidator
{
    private static void ValidateBackendTls(List<ConfigError> errors, BackendTlsOptions tls, DateTimeOffset now)
    {
        for (var i = 0; i < tls.CaCerts.Count; i++)
        {
            var key = $"ca_certs[{i}]";
            try
            {
                var certificates = PemCertificates.ReadCertificates(tls.CaCerts[i]);
                if (certificates.Count == 0)
                {
                    errors.Add(new ConfigError(key, $"must hold at least one PEM certificate, got {ConfigNode.Quote(Shorten(tls.CaCerts[i]))}", ["ca_certs"]));
                }

                foreach (var certificate in certificates)
                {
                    certificate.Dispose();
                }
            }
            catch (CryptographicException ex)
            {
                errors.Add(new ConfigError(key, ex.Message, ["ca_certs"]));
            }
        }

        if (!tls.HasClientCertificate)
        {
            return;
        }

        if (tls.CertChain.Length == 0 || tls.PrivateKey.Length == 0)
        {
            var (missing, other) = tls.CertChain.Length == 0
                ? ("backends.cert_chain", "backends.private_key")
                : ("backends.private_key", "backends.cert_chain");
            errors.Add(new ConfigError(missing, $"must be set (PEM) when {other} is set, got ''", [other]));
            return;
        }

        try
        {
            var (leaf, intermediates) = PemCertificates.ReadKeyPair(tls.CertChain, tls.PrivateKey);
            using (leaf)
            {
                if (leaf.NotAfter.ToUniversalTime() < now.UtcDateTime)
                {
                    errors.Add(new ConfigError(
                        "backends.cert_chain",
                        $"certificate '{leaf.Subject}' expired at {leaf.NotAfter.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)}"));
                }
            }

            foreach (var certificate in intermediates)
            {
                certificate.Dispose();
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            errors.Add(new ConfigError(
                "backends.cert_chain",
                $"must be a PEM certificate matching backends.private_key: {ex.Message}",
                ["backends.private_key"]));
        }
    }

    /// <summary>The start of a long PEM text, enough to recognise it in an error.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
