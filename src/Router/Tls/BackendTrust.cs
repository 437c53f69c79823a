using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Router.Configuration;

namespace Router.Tls;

/// <summary>
/// What the router trusts and presents toward TLS endpoints, loaded once at start-up: the system's roots plus
/// <c>ca_certs</c> (as Gorouter's <c>config.buildCertPool</c>), and the client certificate from
/// <c>backends.cert_chain</c> / <c>backends.private_key</c>. The configuration was validated before, so text
/// that does not parse here is a programming error and throws. With <c>enable_ssl</c>, <c>cipher_suites</c> also limits
/// the TLS 1.2 suites offered to backends, as Gorouter's <c>main.go</c> puts them in its backend TLS template.
/// </summary>
internal sealed class BackendTrust : IDisposable
{
    private readonly X509Certificate2Collection _roots = [];
    private readonly X509Certificate2? _clientLeaf;

    public BackendTrust(BackendTlsOptions options, ClientTlsOptions? clientTls = null)
    {
        // Gorouter parses cipher_suites only when enable_ssl is on; OpenSSL takes the list (Windows' SChannel does not).
        if (clientTls is { EnableSsl: true } && !OperatingSystem.IsWindows())
        {
            CipherSuites = new CipherSuitesPolicy(
                CipherSuiteNames.Parse(clientTls.CipherSuites, out _)!.Concat(CipherSuiteNames.Tls13Suites));
        }

        using (var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine))
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            _roots.AddRange(store.Certificates);
        }

        foreach (var pem in options.CaCerts)
        {
            _roots.AddRange(PemCertificates.ReadCertificates(pem));
        }

        if (options.CertChain.Length > 0 && options.PrivateKey.Length > 0)
        {
            var (leaf, intermediates) = PemCertificates.ReadKeyPair(options.CertChain, options.PrivateKey);
            _clientLeaf = leaf;
            ClientCertificate = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        }
    }

    /// <summary>The cipher suites offered to backends, or null for the TLS library's defaults.</summary>
    public CipherSuitesPolicy? CipherSuites { get; }

    /// <summary>The certificate (with its chain) presented to backends that ask for one, or null.</summary>
    public SslStreamCertificateContext? ClientCertificate { get; }

    /// <summary>
    /// A fresh chain policy trusting exactly the backend roots. Revocation is not checked and missing issuers are
    /// not downloaded, as Go's verifier does neither.
    /// </summary>
    public X509ChainPolicy CreateChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(_roots);
        return policy;
    }

    public void Dispose()
    {
        _clientLeaf?.Dispose();
        foreach (var root in _roots)
        {
            root.Dispose();
        }
    }
}
