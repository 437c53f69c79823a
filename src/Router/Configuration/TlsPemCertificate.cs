namespace Router.Configuration;

/// <summary>One entry of <c>tls_pem</c>: a certificate chain (leaf first) and its private key, both PEM text.</summary>
/// <param name="CertChain">PEM certificates, the server's own first, then intermediates (<c>cert_chain</c>).</param>
/// <param name="PrivateKey">PEM private key of the first certificate (<c>private_key</c>).</param>
public sealed record TlsPemCertificate(string CertChain, string PrivateKey);
