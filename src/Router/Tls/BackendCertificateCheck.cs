using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Router.Tls;

/// <summary>
/// The certificate check of one backend handshake. It runs in the handshake's validation callback and keeps the
/// failure class, which the callback's boolean answer cannot carry. The order of the checks is Go's
/// <c>x509.Certificate.Verify</c>: the leaf's validity period, then the name, then the chain to a trusted root;
/// so a certificate of another instance is a name mismatch even when its issuer is also untrusted.
/// </summary>
internal sealed class BackendCertificateCheck(string serverName, TimeProvider time)
{
    private const string Prefix = "tls: failed to verify certificate: ";

    /// <summary>Why the certificate was refused, or null when it was accepted or not checked yet.</summary>
    public BackendTlsException? Failure { get; private set; }

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/>; the chain was built with the backend trust policy.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 leaf)
        {
            Failure = new(BackendTlsFailureKind.UntrustedCertificate, Prefix + "x509: no certificate presented");
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (ValidityError(leaf, now) is { } expired)
        {
            Failure = new(BackendTlsFailureKind.ExpiredCertificate, Prefix + expired);
            return false;
        }

        if (!CertificateNameMatcher.Matches(leaf, serverName, out var nameError))
        {
            Failure = new(BackendTlsFailureKind.HostnameMismatch, Prefix + nameError);
            return false;
        }

        if ((errors & (SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0)
        {
            return true;
        }

        // An expired intermediate is Go's "expired" too; anything else is an unknown authority.
        for (var i = 0; chain is not null && i < chain.ChainElements.Count; i++)
        {
            if (ValidityError(chain.ChainElements[i].Certificate, now) is { } elementExpired)
            {
                Failure = new(BackendTlsFailureKind.ExpiredCertificate, Prefix + elementExpired);
                return false;
            }
        }

        Failure = new(BackendTlsFailureKind.UntrustedCertificate, Prefix + "x509: certificate signed by unknown authority");
        return false;
    }

    private static string? ValidityError(X509Certificate2 certificate, DateTime now)
    {
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        return now < notBefore ? $"x509: certificate has expired or is not yet valid: current time {Rfc3339(now)} is before {Rfc3339(notBefore)}"
            : now > notAfter ? $"x509: certificate has expired or is not yet valid: current time {Rfc3339(now)} is after {Rfc3339(notAfter)}"
            : null;
    }

    private static string Rfc3339(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
