namespace Router.Configuration;

/// <summary>Backend TLS keys: <c>ca_certs</c>, <c>backends.cert_chain</c>, <c>backends.private_key</c>.</summary>
internal static partial class RouterOptionsMapper
{
    private static BackendTlsOptions MapBackendTls(ConfigBinder b, BackendTlsOptions d) => new()
    {
        CaCerts = MapCaCerts(b, d.CaCerts),
        CertChain = b.String("backends.cert_chain", d.CertChain),
        PrivateKey = b.String("backends.private_key", d.PrivateKey),
    };

    /// <summary>
    /// Gorouter reads <c>ca_certs</c> as a list of PEM texts; older releases and many deployment files give one
    /// PEM text, which is read here as a list of one.
    /// </summary>
    private static IReadOnlyList<string> MapCaCerts(ConfigBinder b, IReadOnlyList<string> defaultValue) =>
        b.Peek("ca_certs") is { Kind: ConfigNodeKind.Scalar, FromEnvironment: false }
            ? [b.String("ca_certs", "")]
            : b.StringList("ca_certs", defaultValue);
}
