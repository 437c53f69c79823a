using Router.Configuration;
using Router.Http;
using Router.Tls;

namespace Router.RouteServices;

/// <summary>
/// The HTTP clients that reach route services. Toward the network, trust is the backend trust (the system's roots
/// plus <c>ca_certs</c>) unless <c>skip_ssl_validation</c>; the client certificate is <c>route_services.cert_chain</c>;
/// TLS versions are <c>min_tls_version</c>..<c>max_tls_version</c> and, with <c>enable_ssl</c>, the TLS 1.2 suites
/// <c>cipher_suites</c>, as Gorouter's route-service TLS template in its <c>main.go</c>. The handshake runs in the
/// connection callback through a <see cref="BackendTlsConnector"/>, so a route service whose certificate is untrusted,
/// expired or for another name, or that does not speak TLS, is answered 526, 503 or 525 as a backend would be.
/// Hairpinned requests go over plain HTTP to this router's internal loopback listener.
/// </summary>
internal sealed class RouteServiceClients : IDisposable
{
    private readonly BackendTlsConnector _tls;

    public RouteServiceClients(RouterOptions options)
    {
        var rs = options.RouteServices;
        var trust = new BackendTrust(
            new BackendTlsOptions { CaCerts = options.BackendTls.CaCerts, CertChain = rs.CertChain, PrivateKey = rs.PrivateKey },
            options.ClientTls);
        _tls = new BackendTlsConnector(
            trust,
            options.TlsHandshakeTimeout,
            TimeProvider.System,
            ServerCertificates.ToSslProtocols(options.ClientTls.MinTlsVersion, options.ClientTls.MaxTlsVersion),
            acceptAnyCertificate: rs.SkipSslValidation);

        // The dial and the handshake each have their deadline, one after the other, as toward TLS backends.
        var external = OutgoingHandler.Create(TimeSpan.Zero, options.MaxResponseHeaderBytes);
        var keepAlive = options.EndpointKeepAliveProbeInterval;
        var dialTimeout = options.EndpointDialTimeout;
        external.ConnectCallback = async (context, cancellationToken) =>
        {
            var transport = await OutgoingHandler.DialAsync(context.DnsEndPoint, keepAlive, dialTimeout, cancellationToken);
            return context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps
                ? await _tls.AuthenticateAsync(transport, context.DnsEndPoint.Host, offerHttp2: false, cancellationToken)
                : transport;
        };
        External = new HttpMessageInvoker(external, disposeHandler: true);
        Internal = new HttpMessageInvoker(OutgoingHandler.Create(options.EndpointDialTimeout, options.MaxResponseHeaderBytes), disposeHandler: true);
    }

    /// <summary>The client for route services reached over the network.</summary>
    public HttpMessageInvoker External { get; }

    /// <summary>The client for hairpinned requests, to the internal listener.</summary>
    public HttpMessageInvoker Internal { get; }

    public void Dispose()
    {
        External.Dispose();
        Internal.Dispose();
        _tls.Dispose();
    }
}
