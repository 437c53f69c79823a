namespace Router.Configuration;

/// <summary>
/// The client-facing listeners beyond plain HTTP: TLS termination on <c>ssl_port</c>, client certificates and the
/// PROXY protocol. Keys and defaults are Gorouter's (<c>config/config.go</c>); see <c>docs/tls.md</c>.
/// </summary>
public sealed record ClientTlsOptions
{
    /// <summary>Open the HTTPS listener on <see cref="SslPort"/> (<c>enable_ssl</c>). Default false.</summary>
    public bool EnableSsl { get; init; }

    /// <summary>Port of the HTTPS listener (<c>ssl_port</c>), bound on <c>bind_address</c>. Default 443.</summary>
    public int SslPort { get; init; } = 443;

    /// <summary>Do not open the plain HTTP listener on <c>port</c> (<c>disable_http</c>); needs <see cref="EnableSsl"/>. Default false.</summary>
    public bool DisableHttp { get; init; }

    /// <summary>
    /// Server certificates (<c>tls_pem</c>), chosen per connection by the client's SNI name: an exact name, then a
    /// one-label wildcard, then the first entry. Required with <see cref="EnableSsl"/>.
    /// </summary>
    public IReadOnlyList<TlsPemCertificate> TlsPem { get; init; } = [];

    /// <summary>
    /// Colon-separated TLS 1.2 and older cipher suites in OpenSSL or RFC names as Gorouter accepts them
    /// (<c>cipher_suites</c>), e.g. <c>ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384</c>.
    /// Required with <see cref="EnableSsl"/>. The TLS 1.3 suites are always on, as in Go.
    /// </summary>
    public string CipherSuites { get; init; } = "";

    /// <summary>Lowest TLS version offered (<c>min_tls_version</c>: <c>TLSv1.0</c> to <c>TLSv1.3</c>). Default TLSv1.2.</summary>
    public TlsVersion MinTlsVersion { get; init; } = TlsVersion.Tls12;

    /// <summary>Highest TLS version offered (<c>max_tls_version</c>: <c>TLSv1.2</c> or <c>TLSv1.3</c>). Default TLSv1.2.</summary>
    public TlsVersion MaxTlsVersion { get; init; } = TlsVersion.Tls12;

    /// <summary>Client certificates: <c>none</c>, <c>request</c> or <c>require</c> (<c>client_cert_validation</c>). Must be set with <see cref="EnableSsl"/>.</summary>
    public ClientCertValidation ClientCertValidation { get; init; } = ClientCertValidation.Unset;

    /// <summary>PEM certificates of the CAs that sign client certificates (<c>client_ca_certs</c>). Default empty.</summary>
    public string ClientCaCerts { get; init; } = "";

    /// <summary>
    /// Trust only <see cref="ClientCaCerts"/> for client certificates, not the system's roots as well
    /// (<c>only_trust_client_ca_certs</c>). Default false.
    /// </summary>
    public bool OnlyTrustClientCaCerts { get; init; }

    /// <summary>
    /// Accept an optional PROXY protocol v1 header at the start of each connection, on both listeners
    /// (<c>enable_proxy</c>); its source address becomes the client address. Default false.
    /// </summary>
    public bool EnableProxy { get; init; }
}
