using System.Security.Cryptography.X509Certificates;

namespace Router.Tls;

/// <summary>
/// A connection feature: the client's leaf certificate as <c>X-Forwarded-Client-Cert</c> carries it (base64 of
/// its DER, no PEM armour or line breaks). Set once per TLS connection after a handshake in which the client
/// presented a certificate, so keep-alive requests and HTTP/2 streams do not encode it again.
/// </summary>
internal sealed class ClientCertificateValueFeature
{
    public ClientCertificateValueFeature(X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        Value = Convert.ToBase64String(leaf.RawDataMemory.Span);
    }

    public string Value { get; }
}
