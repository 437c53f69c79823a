using Microsoft.Extensions.Logging;
using Router.Configuration;

namespace Router.Tls;

/// <summary>
/// What a new TLS connection is handshaken with: the <c>tls_pem</c> certificates and the client-certificate trust
/// (<c>client_ca_certs</c>, <c>only_trust_client_ca_certs</c>). Immutable; a configuration reload builds a new one
/// and <see cref="ClientListeners"/> swaps it in, so connections already open keep the one they were made with.
/// </summary>
internal sealed class ServerTlsState
{
    public ServerTlsState(ClientTlsOptions tls, bool enableHttp2, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(loggers);
        Trust = new ClientCertificateTrust(tls, loggers.CreateLogger<ClientCertificateTrust>());
        ChecksClientCertificates = tls.ClientCertValidation != ClientCertValidation.None;
        Certificates = new ServerCertificates(tls, enableHttp2, ChecksClientCertificates ? Trust.Validate : null);
    }

    public ClientCertificateTrust Trust { get; }

    public ServerCertificates Certificates { get; }

    /// <summary>False with <c>client_cert_validation: none</c>: no client certificate is asked for.</summary>
    public bool ChecksClientCertificates { get; }
}
