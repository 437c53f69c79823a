namespace Router.Tls;

/// <summary>
/// Why a TLS handshake with a backend failed, in the classes Gorouter's <c>proxy/fails/basic_classifiers.go</c>
/// tells apart; <c>proxy/round_tripper/error_handler.go</c> answers each differently.
/// </summary>
internal enum BackendTlsFailureKind
{
    /// <summary>The first bytes from the backend were not a TLS record: a plain-text server on the TLS port (Go <c>tls.RecordHeaderError</c>).</summary>
    NotTls,

    /// <summary>The certificate does not name the expected <c>server_cert_domain_san</c>: another instance answered (Go <c>x509.HostnameError</c>).</summary>
    HostnameMismatch,

    /// <summary>The certificate chain does not end at a trusted root (Go <c>x509.UnknownAuthorityError</c>).</summary>
    UntrustedCertificate,

    /// <summary>The certificate is expired or not yet valid (Go <c>x509.CertificateInvalidError</c> with reason <c>Expired</c>).</summary>
    ExpiredCertificate,

    /// <summary>The backend refused the router's client certificate or its absence (alerts <c>bad certificate</c>, <c>unknown certificate authority</c>, <c>certificate required</c>).</summary>
    ClientCertificateRejected,

    /// <summary>The backend sent a <c>handshake failure</c> alert, e.g. no shared cipher or protocol.</summary>
    HandshakeFailureAlert,

    /// <summary>The handshake did not finish within <c>tls_handshake_timeout</c>.</summary>
    HandshakeTimeout,

    /// <summary>Any other handshake failure (connection closed mid-handshake, another alert).</summary>
    Other,
}
