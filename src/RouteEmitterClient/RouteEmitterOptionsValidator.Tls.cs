using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RouteEmitterClient;

internal static partial class RouteEmitterOptionsValidator
{
    /// <summary>
    /// The TLS files are read once here, so that a missing file or bad PEM stops the start with the setting's name
    /// instead of failing every connection attempt later.
    /// </summary>
    private static void CheckNatsTls(List<string> errors, RouteEmitterOptions options)
    {
        if (!options.NatsTlsEnabled)
        {
            return;
        }

        if (options.NatsCaCertsPath is { Length: > 0 } caPath)
        {
            var certificates = new X509Certificate2Collection();
            try
            {
                certificates.ImportFromPemFile(caPath);
                if (certificates.Count == 0)
                {
                    errors.Add($"nats.ca_certs: '{caPath}' holds no PEM certificate.");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                errors.Add($"nats.ca_certs: cannot read PEM certificates from '{caPath}': {ex.Message}");
            }
            finally
            {
                foreach (var certificate in certificates)
                {
                    certificate.Dispose();
                }
            }
        }

        var certPath = options.NatsClientCertPath;
        var keyPath = options.NatsClientKeyPath;
        if (string.IsNullOrEmpty(certPath) != string.IsNullOrEmpty(keyPath))
        {
            errors.Add("nats.cert_chain: the client certificate and nats.private_key must be given together.");
        }
        else if (!string.IsNullOrEmpty(certPath))
        {
            try
            {
                using var pair = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                errors.Add($"nats.cert_chain: '{certPath}' with nats.private_key '{keyPath}' is not a PEM certificate and its key: {ex.Message}");
            }
        }
    }
}
