namespace Router.Tls;

/// <summary>
/// Recognises an alert the backend sent, from the reason text OpenSSL puts in the handshake or read error, and
/// words it as Go's <c>remote error: tls: ...</c>. Alerts after the server's hello are encrypted, so the TLS
/// library's report is the only place they show. The reason strings are OpenSSL's fixed <c>SSL_R_*</c> texts.
/// </summary>
internal static class TlsAlertText
{
    private static readonly (string OpenSsl, string Go, BackendTlsFailureKind Kind)[] Alerts =
    [
        ("alert certificate required", "remote error: tls: certificate required", BackendTlsFailureKind.ClientCertificateRejected),
        ("alert bad certificate", "remote error: tls: bad certificate", BackendTlsFailureKind.ClientCertificateRejected),
        ("alert unknown ca", "remote error: tls: unknown certificate authority", BackendTlsFailureKind.ClientCertificateRejected),
        ("alert handshake failure", "remote error: tls: handshake failure", BackendTlsFailureKind.HandshakeFailureAlert),
    ];

    /// <summary>The alert named anywhere in <paramref name="exception"/>'s chain, or null.</summary>
    public static (string GoError, BackendTlsFailureKind Kind)? Find(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            foreach (var (openSsl, go, kind) in Alerts)
            {
                if (current.Message.Contains(openSsl, StringComparison.OrdinalIgnoreCase))
                {
                    return (go, kind);
                }
            }
        }

        return null;
    }
}
