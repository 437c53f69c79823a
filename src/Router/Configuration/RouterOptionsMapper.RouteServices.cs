namespace Router.Configuration;

/// <summary>Route-service keys: <c>route_services_*</c>, <c>route_services.*</c> and <c>skip_ssl_validation</c>.</summary>
internal static partial class RouterOptionsMapper
{
    private static RouteServicesOptions MapRouteServices(ConfigBinder b, RouteServicesOptions d) => new()
    {
        Secret = b.String("route_services_secret", d.Secret),
        SecretDecryptOnly = b.String("route_services_secret_decrypt_only", d.SecretDecryptOnly),
        Timeout = b.Duration("route_services_timeout", d.Timeout),
        RecommendHttps = b.Bool("route_services_recommend_https", d.RecommendHttps),
        Hairpinning = b.Bool("route_services_hairpinning", d.Hairpinning),
        HairpinningAllowlist = b.StringList("route_services_hairpinning_allowlist", d.HairpinningAllowlist),
        InternalServerPort = b.Int("route_services_internal_server_port", d.InternalServerPort),
        StrictSignatureValidation = b.Bool("route_services.strict_signature_validation", d.StrictSignatureValidation),
        MaxAttempts = b.Int("route_services.max_attempts", d.MaxAttempts),
        CertChain = b.String("route_services.cert_chain", d.CertChain),
        PrivateKey = b.String("route_services.private_key", d.PrivateKey),
        SkipSslValidation = b.Bool("skip_ssl_validation", d.SkipSslValidation),
    };
}
