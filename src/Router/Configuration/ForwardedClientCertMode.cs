namespace Router.Configuration;

/// <summary>
/// Handling of the incoming <c>X-Forwarded-Client-Cert</c> header (<c>forwarded_client_cert</c>), as Gorouter's
/// <c>handlers/clientcert.go</c>: applied by <c>Router.Proxying.ForwardedClientCertHeader</c>.
/// </summary>
public enum ForwardedClientCertMode
{
    /// <summary><c>always_forward</c> (default): pass the header through untouched.</summary>
    AlwaysForward,

    /// <summary><c>forward</c>: keep the client's header only on TLS connections where the client presented a certificate.</summary>
    Forward,

    /// <summary><c>sanitize_set</c>: remove the header, then set it from the client certificate, if any.</summary>
    SanitizeSet,
}
