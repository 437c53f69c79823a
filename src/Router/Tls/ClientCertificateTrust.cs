using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Router.Configuration;

namespace Router.Tls;

/// <summary>
/// Verifies the certificates clients present on the HTTPS listener, with the trust Gorouter builds in
/// <c>config/config.go</c> (<c>buildClientCertPool</c>): <c>client_ca_certs</c> plus the system's roots, or
/// <c>client_ca_certs</c> alone with <c>only_trust_client_ca_certs</c>. <c>ca_certs</c> is for backends and is not
/// trusted here. A certificate that does not verify fails the handshake in <c>request</c> mode too, as Go's
/// <c>VerifyClientCertIfGiven</c> does, so it never reaches an app.
/// </summary>
internal sealed partial class ClientCertificateTrust : IDisposable
{
    // Go verifies client certificates for the clientAuth extended key usage (crypto/tls handshake_server.go).
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>
    /// The remote address of the connection whose handshake is running, set by the listener's connection middleware
    /// around the handshake, so a refusal is logged with the peer it came from (the callback gets only the stream).
    /// </summary>
    public static readonly AsyncLocal<System.Net.EndPoint?> Peer = new();

    private readonly X509Certificate2Collection _clientCas;
    private readonly bool _alsoSystemRoots;
    private readonly bool _require;
    private readonly ILogger _logger;

    public ClientCertificateTrust(ClientTlsOptions tls, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(tls);
        _clientCas = tls.ClientCaCerts.Length == 0 ? [] : PemCertificates.ReadCertificates(tls.ClientCaCerts);
        _alsoSystemRoots = !tls.OnlyTrustClientCaCerts;
        _require = tls.ClientCertValidation == ClientCertValidation.Require;
        _logger = logger;
    }

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/> of the HTTPS listener.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            if (_require)
            {
                LogCertificateMissing(_logger, Peer.Value);
            }

            return !_require;
        }

        if (certificate is not X509Certificate2 leaf || chain is null)
        {
            return false;
        }

        // The chain SslStream passes holds the intermediates the client sent in its ExtraStore; keep them.
        var policy = chain.ChainPolicy;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.ApplicationPolicy.Add(ClientAuthentication);
        if (_clientCas.Count > 0)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.Clear();
            policy.CustomTrustStore.AddRange(_clientCas);
            if (chain.Build(leaf))
            {
                return true;
            }
        }

        if (_alsoSystemRoots && (_clientCas.Count == 0 || OnlyUntrusted(chain)))
        {
            chain.Reset();
            policy.TrustMode = X509ChainTrustMode.System;
            policy.CustomTrustStore.Clear();
            if (chain.Build(leaf))
            {
                return true;
            }
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var reason = Reason(chain);
            LogCertificateRejected(_logger, Peer.Value, leaf.Subject, leaf.Issuer, reason);
        }

        return false;
    }

    public void Dispose()
    {
        foreach (var certificate in _clientCas)
        {
            certificate.Dispose();
        }
    }

    /// <summary>True when the only problem is that no configured CA signed it, so the system's roots may.</summary>
    private static bool OnlyUntrusted(X509Chain chain)
    {
        foreach (var status in chain.ChainStatus)
        {
            if (status.Status is not (X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain))
            {
                return false;
            }
        }

        return true;
    }

    private static string Reason(X509Chain chain) =>
        chain.ChainStatus.Length == 0
            ? "not trusted"
            : string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));

    [LoggerMessage(EventId = 1, EventName = "client-certificate-rejected", Level = LogLevel.Information,
        Message = "TLS handshake from {Peer} refused: client certificate {Subject} issued by {Issuer} did not verify ({Reason})")]
    private static partial void LogCertificateRejected(ILogger logger, System.Net.EndPoint? peer, string subject, string issuer, string reason);

    [LoggerMessage(EventId = 2, EventName = "client-certificate-missing", Level = LogLevel.Information,
        Message = "TLS handshake from {Peer} refused: client_cert_validation is require and the client sent no certificate")]
    private static partial void LogCertificateMissing(ILogger logger, System.Net.EndPoint? peer);
}
