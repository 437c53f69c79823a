namespace Router.Configuration;

/// <summary>
/// Handling of the incoming <c>X-Forwarded-Client-Cert</c> header (<c>forwarded_client_cert</c>,
/// gorouter.md §7.6). This router terminates no client TLS, so no request carries a client certificate.
/// </summary>
public enum ForwardedClientCertMode
{
    /// <summary><c>always_forward</c> (default): pass the header through untouched.</summary>
    AlwaysForward,

    /// <summary><c>forward</c>: keep the header only on mutual-TLS connections, so remove it here.</summary>
    Forward,

    /// <summary><c>sanitize_set</c>: remove the header, then set it from the client certificate, if any.</summary>
    SanitizeSet,
}
