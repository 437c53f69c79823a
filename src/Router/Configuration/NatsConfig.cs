namespace Router.Configuration;

/// <summary>The NATS servers and credentials the router subscribes through (<c>nats.*</c>, docs/gorouter-compatibility.md §1).</summary>
public sealed record NatsConfig
{
    /// <summary>Servers to connect to, tried in order (<c>nats.hosts</c>). Default <c>localhost:4222</c>.</summary>
    public IReadOnlyList<NatsHost> Hosts { get; init; } = [new NatsHost("localhost", 4222)];

    /// <summary>User for NATS authentication (<c>nats.user</c>). Default empty (no authentication).</summary>
    public string User { get; init; } = "";

    /// <summary>Password for NATS authentication (<c>nats.pass</c>). Default empty.</summary>
    public string Pass { get; init; } = "";

    /// <summary>Connect to NATS over TLS with a client certificate (<c>nats.tls_enabled</c>). Default false.</summary>
    public bool TlsEnabled { get; init; }

    /// <summary>PEM CA certificates that sign the NATS server certificate (<c>nats.ca_certs</c>).</summary>
    public string CaCerts { get; init; } = "";

    /// <summary>PEM client certificate chain presented to NATS (<c>nats.cert_chain</c>).</summary>
    public string CertChain { get; init; } = "";

    /// <summary>PEM private key of <see cref="CertChain"/> (<c>nats.private_key</c>).</summary>
    public string PrivateKey { get; init; } = "";

    /// <summary>
    /// Run registrations of made-up routes through the registration path before <c>router.start</c>, so that the
    /// first burst meets compiled code (<c>nats.warm_up</c>, this router's own key). Default true.
    /// </summary>
    public bool WarmUp { get; init; } = true;
}
