using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nats.Internal;

/// <summary>
/// Certificates for TLS to the servers, read once from the PEM files named in <see cref="NatsOptions"/>
/// (Gorouter <c>nats.ca_certs</c>, <c>nats.cert_chain</c>, <c>nats.private_key</c>).
/// </summary>
internal sealed class TlsSettings
{
    private readonly X509Certificate2Collection? _trustAnchors;
    private readonly SslStreamCertificateContext? _clientCertificate;

    private TlsSettings(X509Certificate2Collection? trustAnchors, SslStreamCertificateContext? clientCertificate)
    {
        _trustAnchors = trustAnchors;
        _clientCertificate = clientCertificate;
    }

    public static TlsSettings Load(NatsOptions options)
    {
        X509Certificate2Collection? trustAnchors = null;
        if (options.CaCertsPath is { } caPath)
        {
            trustAnchors = [];
            try
            {
                trustAnchors.ImportFromPemFile(caPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new NatsException($"Cannot read the NATS CA certificates from '{caPath}': {ex.Message}", ex);
            }

            if (trustAnchors.Count == 0)
            {
                throw new NatsException($"'{caPath}' holds no PEM certificate to trust for NATS.");
            }
        }

        SslStreamCertificateContext? clientCertificate = null;
        if (options.ClientCertPath is { } certPath && options.ClientKeyPath is { } keyPath)
        {
            try
            {
                var leaf = X509Certificate2.CreateFromPemFile(certPath, keyPath);
                if (OperatingSystem.IsWindows())
                {
                    // SChannel cannot use the ephemeral key of a PEM-loaded certificate; a PKCS#12 round trip fixes it.
                    leaf = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), password: null);
                }

                var chain = new X509Certificate2Collection();
                chain.ImportFromPemFile(certPath);
                var intermediates = new X509Certificate2Collection();
                for (var i = 1; i < chain.Count; i++)
                {
                    intermediates.Add(chain[i]);
                }

                clientCertificate = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new NatsException(
                    $"Cannot read the NATS client certificate '{certPath}' with key '{keyPath}': {ex.Message}", ex);
            }
        }

        return new TlsSettings(trustAnchors, clientCertificate);
    }

    public SslClientAuthenticationOptions CreateClientOptions(string host)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificateContext = _clientCertificate,
        };
        if (_trustAnchors is not null)
        {
            // The configured CAs are the only anchors: a certificate chaining to a system root is not accepted.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(_trustAnchors);
            options.CertificateChainPolicy = policy;
        }

        return options;
    }
}
