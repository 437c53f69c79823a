using System.Net.Security;
using Router.Configuration;
using Router.Http;
using Router.Tls;

namespace Router.RouteServices;

/// <summary>
/// The HTTP clients that reach route services. Toward the network, trust is the backend trust (the system's roots
/// plus <c>ca_certs</c>) unless <c>skip_ssl_validation</c>; the client certificate is <c>route_services.cert_chain</c>;
/// TLS versions are <c>min_tls_version</c>..<c>max_tls_version</c>, as Gorouter's route-service TLS template in its
/// <c>main.go</c>. Hairpinned requests go over plain HTTP to this router's internal loopback listener.
/// </summary>
internal sealed class RouteServiceClients : IDisposable
{
    private readonly BackendTrust _trust;

    public RouteServiceClients(RouterOptions options)
    {
        var rs = options.RouteServices;
        _trust = new BackendTrust(new BackendTlsOptions
        {
            CaCerts = options.BackendTls.CaCerts,
            CertChain = rs.CertChain,
            PrivateKey = rs.PrivateKey,
        });

        var external = CreateHandler(options);
        external.SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = ServerCertificates.ToSslProtocols(options.ClientTls.MinTlsVersion, options.ClientTls.MaxTlsVersion),
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            CertificateChainPolicy = _trust.CreateChainPolicy(),
            ClientCertificateContext = _trust.ClientCertificate,
#pragma warning disable CA5359 // skip_ssl_validation is the operator's explicit choice, as in Gorouter; off by default.
            RemoteCertificateValidationCallback = rs.SkipSslValidation ? AcceptAny : null,
#pragma warning restore CA5359
        };
        External = new HttpMessageInvoker(external, disposeHandler: true);
        Internal = new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
    }

    /// <summary>The client for route services reached over the network.</summary>
    public HttpMessageInvoker External { get; }

    /// <summary>The client for hairpinned requests, to the internal listener.</summary>
    public HttpMessageInvoker Internal { get; }

    public void Dispose()
    {
        External.Dispose();
        Internal.Dispose();
        _trust.Dispose();
    }

    private static bool AcceptAny(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        System.Security.Cryptography.X509Certificates.X509Chain? chain, SslPolicyErrors errors) => true;

    private static SocketsHttpHandler CreateHandler(RouterOptions options) => OutgoingHandler.Create(options.EndpointDialTimeout);
}
