using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Router.Configuration;

/// <summary>
/// Checks of the HTTPS listener's keys, as Gorouter's <c>config.Process</c> makes them when <c>enable_ssl</c> is on,
/// plus what Go would only find at the first handshake: a key that does not match, an expired certificate.
/// </summary>
internal static partial class RouterOptionsValidator
{
    private static void ValidateClientTls(List<ConfigError> errors, ClientTlsOptions tls)
    {
        if (!tls.EnableSsl)
        {
            if (tls.DisableHttp)
            {
                errors.Add(new ConfigError("disable_http", "must be false when enable_ssl is false, or no proxy listener would be left, got true", ["enable_ssl"]));
            }

            return;
        }

        if (tls.ClientCertValidation == ClientCertValidation.Unset)
        {
            errors.Add(new ConfigError("client_cert_validation", "must be one of none, request, require when enable_ssl is true, got ''", ["enable_ssl"]));
        }

        if (tls.MinTlsVersion > tls.MaxTlsVersion)
        {
            errors.Add(new ConfigError("min_tls_version", $"must not be above max_tls_version ({tls.MaxTlsVersion}), got {tls.MinTlsVersion}", ["max_tls_version"]));
        }

        if (string.IsNullOrWhiteSpace(tls.CipherSuites))
        {
            errors.Add(new ConfigError("cipher_suites", "must list cipher suites (colon-separated) when enable_ssl is true, got ''", ["enable_ssl"]));
        }
        else if (CipherSuiteNames.Parse(tls.CipherSuites, out var unknown) is null)
        {
            errors.Add(new ConfigError("cipher_suites", $"unknown cipher suite {ConfigNode.Quote(unknown!)}; use OpenSSL names such as ECDHE-RSA-AES128-GCM-SHA256 or RFC names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        }

        if (tls.TlsPem.Count == 0)
        {
            errors.Add(new ConfigError("tls_pem", "must list at least one {cert_chain, private_key} when enable_ssl is true, got an empty list", ["enable_ssl"]));
        }

        for (var i = 0; i < tls.TlsPem.Count; i++)
        {
            ValidateServerCertificate(errors, $"tls_pem[{i}]", tls.TlsPem[i]);
        }

        ValidateClientCaCerts(errors, tls);
    }

    private static void ValidateServerCertificate(List<ConfigError> errors, string key, TlsPemCertificate pem)
    {
        if (pem.CertChain.Length == 0 || pem.PrivateKey.Length == 0)
        {
            var missing = pem.CertChain.Length == 0 ? "cert_chain" : "private_key";
            errors.Add(new ConfigError($"{key}.{missing}", "must be set (PEM), got ''", ["tls_pem"]));
            return;
        }

        try
        {
            var (leaf, intermediates) = PemCertificates.ReadKeyPair(pem.CertChain, pem.PrivateKey);
            using (leaf)
            {
                if (leaf.NotAfter < DateTime.Now)
                {
                    errors.Add(new ConfigError($"{key}.cert_chain", $"certificate {leaf.Subject} expired at {leaf.NotAfter.ToUniversalTime():u}", ["tls_pem"]));
                }
                else if (leaf.NotBefore > DateTime.Now)
                {
                    errors.Add(new ConfigError($"{key}.cert_chain", $"certificate {leaf.Subject} is not valid before {leaf.NotBefore.ToUniversalTime():u}", ["tls_pem"]));
                }
            }

            foreach (var certificate in intermediates)
            {
                certificate.Dispose();
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            errors.Add(new ConfigError($"{key}.cert_chain", $"must be a PEM certificate chain whose first certificate matches {key}.private_key: {ex.Message}", ["tls_pem"]));
        }
    }

    private static void ValidateClientCaCerts(List<ConfigError> errors, ClientTlsOptions tls)
    {
        if (tls.ClientCaCerts.Length == 0)
        {
            if (tls.OnlyTrustClientCaCerts && tls.ClientCertValidation is ClientCertValidation.Request or ClientCertValidation.Require)
            {
                errors.Add(new ConfigError(
                    "client_ca_certs",
                    "must be set when only_trust_client_ca_certs is true and client_cert_validation is request or require, got ''",
                    ["only_trust_client_ca_certs", "client_cert_validation"]));
            }

            return;
        }

        var count = 0;
        try
        {
            var certificates = PemCertificates.ReadCertificates(tls.ClientCaCerts);
            count = certificates.Count;
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // Reported below as "no certificate".
        }

        if (count == 0)
        {
            errors.Add(new ConfigError("client_ca_certs", $"must hold PEM certificates, got {ConfigNode.Quote(tls.ClientCaCerts)}"));
        }
    }
}
