namespace Router.Configuration;

/// <summary>
/// Whether the TLS listener asks clients for a certificate (<c>client_cert_validation</c>), mapped as Gorouter's
/// <c>config/config.go</c> maps it onto Go's <c>tls.ClientAuthType</c>.
/// </summary>
public enum ClientCertValidation
{
    /// <summary>Not set: refused at start-up when <c>enable_ssl</c> is on, as Gorouter refuses it.</summary>
    Unset,

    /// <summary><c>none</c>: no certificate is asked for (Go's <c>NoClientCert</c>).</summary>
    None,

    /// <summary><c>request</c>: asked for; a client may send none, but one it sends must verify (Go's <c>VerifyClientCertIfGiven</c>).</summary>
    Request,

    /// <summary><c>require</c>: a certificate that verifies is required (Go's <c>RequireAndVerifyClientCert</c>).</summary>
    Require,
}
