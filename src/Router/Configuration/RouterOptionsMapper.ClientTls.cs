namespace Router.Configuration;

/// <summary>The client-facing TLS and PROXY protocol keys (Gorouter <c>config/config.go</c>).</summary>
internal static partial class RouterOptionsMapper
{
    private static readonly (string, ClientCertValidation)[] ClientCertValidations =
    [
        ("none", ClientCertValidation.None),
        ("request", ClientCertValidation.Request),
        ("require", ClientCertValidation.Require),
    ];

    // Gorouter reads an empty string as the default, TLSv1.2; its max_tls_version accepts only 1.2 and 1.3.
    private static readonly (string, TlsVersion)[] MinTlsVersions =
    [
        ("", TlsVersion.Tls12),
        ("TLSv1.0", TlsVersion.Tls10),
        ("TLSv1.1", TlsVersion.Tls11),
        ("TLSv1.2", TlsVersion.Tls12),
        ("TLSv1.3", TlsVersion.Tls13),
    ];

    private static readonly (string, TlsVersion)[] MaxTlsVersions =
    [
        ("", TlsVersion.Tls12),
        ("TLSv1.2", TlsVersion.Tls12),
        ("TLSv1.3", TlsVersion.Tls13),
    ];

    private static ClientTlsOptions MapClientTls(ConfigBinder b)
    {
        var d = new ClientTlsOptions();
        return new ClientTlsOptions
        {
            EnableSsl = b.Bool("enable_ssl", d.EnableSsl),
            SslPort = b.Int("ssl_port", d.SslPort),
            DisableHttp = b.Bool("disable_http", d.DisableHttp),
            TlsPem = b.ObjectList("tls_pem", d.TlsPem, MapTlsPem(b), static _ => null, "mappings with cert_chain and private_key (not settable from the environment)"),
            CipherSuites = b.String("cipher_suites", d.CipherSuites),
            MinTlsVersion = b.Choice("min_tls_version", d.MinTlsVersion, MinTlsVersions),
            MaxTlsVersion = b.Choice("max_tls_version", d.MaxTlsVersion, MaxTlsVersions),
            ClientCertValidation = b.Choice("client_cert_validation", d.ClientCertValidation, ClientCertValidations),
            ClientCaCerts = b.String("client_ca_certs", d.ClientCaCerts),
            OnlyTrustClientCaCerts = b.Bool("only_trust_client_ca_certs", d.OnlyTrustClientCaCerts),
            EnableProxy = b.Bool("enable_proxy", d.EnableProxy),
        };
    }

    private static Func<string, ConfigNode, TlsPemCertificate> MapTlsPem(ConfigBinder b) => (path, item) =>
    {
        b.WarnUnknownFields(path, item, "cert_chain", "private_key");
        return new TlsPemCertificate(b.ItemString(path, item, "cert_chain", ""), b.ItemString(path, item, "private_key", ""));
    };
}
