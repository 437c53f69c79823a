using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Router.Tls;

/// <summary>
/// Runs the TLS handshake with a backend on a connected socket stream and returns the authenticated stream, or
/// throws a <see cref="BackendTlsException"/> naming the failure class. Doing the handshake here, rather than
/// inside the HTTP client, gives the router the certificate check's verdict, the first byte the backend sent and
/// Gorouter's own handshake deadline (<c>tls_handshake_timeout</c>, apart from the dial timeout). Route services are
/// reached through one too, with their own trust, TLS versions and <c>skip_ssl_validation</c>, so a failed handshake
/// with a route service is answered as one with a backend is (Gorouter's <c>proxy/round_tripper/error_handler.go</c>
/// serves both).
/// </summary>
/// <param name="trust">Roots, client certificate and cipher suites.</param>
/// <param name="handshakeTimeout">Deadline of the handshake alone (<c>tls_handshake_timeout</c>).</param>
/// <param name="time">The clock certificates' validity is checked against.</param>
/// <param name="protocols">TLS versions offered; Go's client default, 1.2 and 1.3, unless given.</param>
/// <param name="acceptAnyCertificate">Check no certificate (<c>skip_ssl_validation</c>, toward route services only).</param>
internal sealed class BackendTlsConnector(
    BackendTrust trust,
    TimeSpan handshakeTimeout,
    TimeProvider time,
    SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13,
    bool acceptAnyCertificate = false) : IDisposable
{
    /// <summary>ALPN offered for an endpoint registered with <c>protocol: http2</c>: HTTP/2 first, HTTP/1.1 if the backend has no h2.</summary>
    private static readonly List<SslApplicationProtocol> Http2OrHttp11 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>
    /// Authenticates <paramref name="transport"/> as a client of <paramref name="serverName"/>, sent as SNI and
    /// required in the certificate. Owns <paramref name="transport"/>: it is disposed when the handshake fails.
    /// With <paramref name="offerHttp2"/> the handshake offers <c>h2</c> and <c>http/1.1</c> by ALPN, as Go's transport
    /// does for Gorouter's <c>http2</c> endpoints (<c>proxy/round_tripper/dropsonde_round_tripper.go</c>,
    /// <c>ForceAttemptHTTP2</c>); the HTTP client then speaks whichever the backend chose.
    /// </summary>
    public async ValueTask<SslStream> AuthenticateAsync(Stream transport, string serverName, bool offerHttp2, CancellationToken cancellationToken)
    {
        var recorder = new FirstByteRecorder(transport);
        var check = new BackendCertificateCheck(serverName, time);
        var ssl = new SslStream(recorder, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = trust.CreateChainPolicy(),
            ClientCertificateContext = trust.ClientCertificate,
            CipherSuitesPolicy = trust.CipherSuites,
#pragma warning disable CA5359 // skip_ssl_validation is the operator's explicit choice, as in Gorouter; off by default.
            RemoteCertificateValidationCallback = acceptAnyCertificate ? AcceptAny : check.Validate,
#pragma warning restore CA5359
            ApplicationProtocols = offerHttp2 ? Http2OrHttp11 : null,
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(handshakeTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw Classify(ex, check, recorder, deadline.IsCancellationRequested);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void Dispose() => trust.Dispose();

    private static bool AcceptAny(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

    private static BackendTlsException Classify(Exception ex, BackendCertificateCheck check, FirstByteRecorder recorder, bool timedOut)
    {
        if (check.Failure is { } certificate)
        {
            return certificate;
        }

        if (recorder.SawNonTlsRecord)
        {
            return new(BackendTlsFailureKind.NotTls, "tls: first record does not look like a TLS handshake", ex);
        }

        if (timedOut)
        {
            return new(BackendTlsFailureKind.HandshakeTimeout, "net/http: TLS handshake timeout", ex);
        }

        if (TlsAlertText.Find(ex) is var (goError, kind))
        {
            return new(kind, goError, ex);
        }

        // A backend that closes without answering is Go's io.EOF.
        return new(BackendTlsFailureKind.Other, recorder.FirstByte < 0 ? "EOF" : "tls: " + Innermost(ex).Message, ex);
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
