namespace Router.Configuration;

/// <summary>
/// Trust and identity toward TLS endpoints, those registered with a <c>tls_port</c> (route integrity; see
/// <c>docs/tls.md</c>). As Gorouter's <c>config/config.go</c>, the PEM texts are read at start-up and
/// a text that does not parse stops it.
/// </summary>
public sealed record BackendTlsOptions
{
    /// <summary>
    /// PEM certificates trusted as roots for backend certificates, in addition to the system's (<c>ca_certs</c>,
    /// a list of PEM texts, each holding one or more certificates; a single PEM text is read as a list of one).
    /// They must include the CA that signs the instance identity certificates. Default: none (system roots only).
    /// </summary>
    public IReadOnlyList<string> CaCerts { get; init; } = [];

    /// <summary>
    /// PEM certificate chain presented to backends that ask for a client certificate (<c>backends.cert_chain</c>):
    /// the leaf first, then any intermediates. Set together with <see cref="PrivateKey"/>. Default empty: none is presented.
    /// </summary>
    public string CertChain { get; init; } = "";

    /// <summary>PEM private key of <see cref="CertChain"/> (<c>backends.private_key</c>). Default empty.</summary>
    public string PrivateKey { get; init; } = "";

    /// <summary>True when a client certificate is configured.</summary>
    public bool HasClientCertificate => CertChain.Length > 0 || PrivateKey.Length > 0;
}
