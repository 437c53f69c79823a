namespace Router.Configuration.Reload;

/// <summary>
/// The keys a configuration reload applies to the running router (docs/operations.md "Reloading the configuration"),
/// and how their values are carried into the running options. Every other key keeps its running value until a restart.
/// </summary>
internal static class LiveOptions
{
    /// <summary>Keys that take effect on reload, as <c>router.yaml</c> spells them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "logging.level",
        "access_log.file", "access_log.stdout", "access_log.enable_streaming",
        "balancing_algorithm",
        "endpoint_timeout", "drain_timeout",
        "backends.max_conns",
        "tls_pem", "client_ca_certs", "only_trust_client_ca_certs",
        "route_services_secret", "route_services_secret_decrypt_only", "route_services_timeout",
    ];

    private static readonly HashSet<string> KeySet = new(Keys, StringComparer.Ordinal);

    /// <summary>
    /// True when a change of <paramref name="key"/> from <paramref name="running"/> to <paramref name="loaded"/>
    /// applies now. Certificates and client trust apply only while the TLS listener is on and the loaded file keeps it
    /// on; route-service secrets and timeout only rotate: turning route services on or off (a secret appearing or
    /// going) needs a restart.
    /// </summary>
    public static bool IsLive(string key, RouterOptions running, RouterOptions loaded)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(loaded);
        if (!KeySet.Contains(key))
        {
            return false;
        }

        return key switch
        {
            "tls_pem" or "client_ca_certs" or "only_trust_client_ca_certs" => RotatesTls(running, loaded),
            "route_services_secret" or "route_services_secret_decrypt_only" or "route_services_timeout" =>
                RotatesRouteServices(running, loaded),
            _ => true,
        };
    }

    /// <summary>The running options with the live keys' values taken from <paramref name="loaded"/>.</summary>
    public static RouterOptions Merge(RouterOptions running, RouterOptions loaded)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(loaded);
        var merged = running with
        {
            Logging = running.Logging with { Level = loaded.Logging.Level },
            AccessLog = loaded.AccessLog,
            BalancingAlgorithm = loaded.BalancingAlgorithm,
            EndpointTimeout = loaded.EndpointTimeout,
            DrainTimeout = loaded.DrainTimeout,
            Backends = running.Backends with { MaxConns = loaded.Backends.MaxConns },
        };

        if (RotatesTls(running, loaded))
        {
            merged = merged with
            {
                ClientTls = running.ClientTls with
                {
                    TlsPem = loaded.ClientTls.TlsPem,
                    ClientCaCerts = loaded.ClientTls.ClientCaCerts,
                    OnlyTrustClientCaCerts = loaded.ClientTls.OnlyTrustClientCaCerts,
                },
            };
        }

        if (RotatesRouteServices(running, loaded))
        {
            merged = merged with
            {
                RouteServices = running.RouteServices with
                {
                    Secret = loaded.RouteServices.Secret,
                    SecretDecryptOnly = loaded.RouteServices.SecretDecryptOnly,
                    Timeout = loaded.RouteServices.Timeout,
                },
            };
        }

        return merged;
    }

    private static bool RotatesTls(RouterOptions running, RouterOptions loaded) =>
        running.ClientTls.EnableSsl && loaded.ClientTls.EnableSsl;

    private static bool RotatesRouteServices(RouterOptions running, RouterOptions loaded) =>
        running.RouteServices.Enabled && loaded.RouteServices.Enabled;
}
