using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Router.Configuration;

namespace Router.Tls;

/// <summary>
/// The <c>tls_pem</c> certificates, each with its handshake options built once at start-up, chosen per connection by
/// the client's SNI name as Go's <c>tls.Config.getCertificate</c> chooses (Gorouter <c>router/router.go</c> calls
/// <c>BuildNameToCertificate</c>): the exact name, then the name with its first label replaced by <c>*</c>, then the
/// first certificate. Names match case-insensitively; a later certificate wins a name two certificates share.
/// </summary>
internal sealed class ServerCertificates : IDisposable
{
    private readonly Dictionary<string, SslServerAuthenticationOptions> _exact = new(StringComparer.OrdinalIgnoreCase);

    // Keyed by the wildcard's suffix from its dot (".example.com" for "*.example.com"), so a lookup needs no new string.
    private readonly Dictionary<string, SslServerAuthenticationOptions> _wildcard = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SslServerAuthenticationOptions>.AlternateLookup<ReadOnlySpan<char>> _wildcardLookup;
    private readonly List<X509Certificate2> _owned = [];

    public ServerCertificates(ClientTlsOptions tls, bool enableHttp2, RemoteCertificateValidationCallback? validateClient)
    {
        ArgumentNullException.ThrowIfNull(tls);
        _wildcardLookup = _wildcard.GetAlternateLookup<ReadOnlySpan<char>>();
        var protocols = ToSslProtocols(tls.MinTlsVersion, tls.MaxTlsVersion);
        // The router runs on Linux, where OpenSSL takes a cipher list; Windows' SChannel takes none per listener.
        var ciphers = OperatingSystem.IsWindows()
            ? null
            : new CipherSuitesPolicy(CipherSuiteNames.Parse(tls.CipherSuites, out _)!.Concat(CipherSuiteNames.Tls13Suites));
        List<SslApplicationProtocol> alpn = enableHttp2
            ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]
            : [SslApplicationProtocol.Http11];

        foreach (var pem in tls.TlsPem)
        {
            var (leaf, intermediates) = PemCertificates.ReadKeyPair(pem.CertChain, pem.PrivateKey);
            _owned.Add(leaf);
            _owned.AddRange(intermediates);
            var options = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
                EnabledSslProtocols = protocols,
                CipherSuitesPolicy = ciphers,
                ClientCertificateRequired = tls.ClientCertValidation is ClientCertValidation.Request or ClientCertValidation.Require,
                RemoteCertificateValidationCallback = validateClient,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                ApplicationProtocols = alpn,
                AllowRenegotiation = false,
            };
            Default ??= options;
            foreach (var name in Names(leaf))
            {
                if (name.StartsWith("*.", StringComparison.Ordinal))
                {
                    _wildcard[name[1..]] = options;
                }
                else
                {
                    _exact[name] = options;
                }
            }
        }

        if (Default is null)
        {
            throw new ArgumentException("tls_pem lists no certificate", nameof(tls));
        }
    }

    /// <summary>The handshake options of the first certificate, for clients that send no SNI name or an unknown one.</summary>
    public SslServerAuthenticationOptions Default { get; }

    /// <summary>The handshake options for a client that asked for <paramref name="serverName"/> (empty: no SNI).</summary>
    public SslServerAuthenticationOptions Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return Default;
        }

        if (_exact.TryGetValue(serverName, out var exact))
        {
            return exact;
        }

        var dot = serverName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _wildcardLookup.TryGetValue(serverName.AsSpan(dot), out var wildcard) ? wildcard : Default;
    }

    public void Dispose()
    {
        foreach (var certificate in _owned)
        {
            certificate.Dispose();
        }
    }

    /// <summary>Every version from <paramref name="min"/> to <paramref name="max"/>, by their wire values (1.0 and 1.1 are obsolete names).</summary>
    internal static SslProtocols ToSslProtocols(TlsVersion min, TlsVersion max)
    {
        ReadOnlySpan<int> values = [0x00C0, 0x0300, 0x0C00, 0x3000];
        var protocols = 0;
        for (var v = (int)min; v <= (int)max; v++)
        {
            protocols |= values[v];
        }

        return (SslProtocols)protocols;
    }

    /// <summary>The DNS names of the certificate's SAN, or its common name when it has none, as Go uses them.</summary>
    private static List<string> Names(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                var names = san.EnumerateDnsNames().ToList();
                if (names.Count > 0)
                {
                    return names;
                }
            }
        }

        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(commonName) ? [] : [commonName];
    }
}
