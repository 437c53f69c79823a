using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Router.Registration;

/// <summary>
/// TLS to NATS from the PEM text of <c>nats.ca_certs</c>, <c>nats.cert_chain</c> and <c>nats.private_key</c>, as
/// Gorouter takes them (<c>config/config.go</c>): the server certificate must chain to one of the CA certificates
/// (and only to them, not to the system store), and the client presents its certificate with any intermediates of
/// the chain. The configuration loader has already checked that the three parse.
/// </summary>
internal sealed class NatsTlsAuthentication
{
    private readonly X509Certificate2Collection _roots = [];
    private readonly SslStreamCertificateContext _clientCertificate;

    public NatsTlsAuthentication(string caCertsPem, string certChainPem, string privateKeyPem)
    {
        _roots.ImportFromPem(caCertsPem);
        var leaf = X509Certificate2.CreateFromPem(certChainPem, privateKeyPem);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certChainPem);
        chain.RemoveAt(0);
        _clientCertificate = SslStreamCertificateContext.Create(leaf, chain, offline: true);
    }

    /// <summary>Applied by the NATS client to every TLS handshake, first connection and reconnects alike.</summary>
    public ValueTask ConfigureAsync(SslClientAuthenticationOptions options)
    {
        options.ClientCertificateContext = _clientCertificate;
        options.RemoteCertificateValidationCallback = Validate;
        return ValueTask.CompletedTask;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // A wrong name or a missing certificate fails whatever the chain; the chain is judged against our roots only.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainPolicy.ExtraStore)
            {
                custom.ChainPolicy.ExtraStore.Add(element);
            }
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
