using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Router.Configuration;

/// <summary>
/// Route-service keys that stop Gorouter at start-up stop this router too: a hairpinning allow-list entry that is
/// neither a name nor a <c>*.domain</c> wildcard (Gorouter <c>handlers/routeservice.go</c>), a client certificate
/// that does not load (Gorouter <c>config/config.go</c>); and values that cannot work (no timeout, no attempt).
/// </summary>
internal static partial class RouterOptionsValidator
{
    private static void ValidateRouteServices(List<ConfigError> errors, RouteServicesOptions rs)
    {
        if (rs.Timeout <= TimeSpan.Zero)
        {
            errors.Add(new ConfigError("route_services_timeout", $"must be greater than 0, got {rs.Timeout}"));
        }

        AtLeastZero(errors, "route_services.max_attempts", rs.MaxAttempts);
        for (var i = 0; i < rs.HairpinningAllowlist.Count; i++)
        {
            var entry = rs.HairpinningAllowlist[i];
            if (!AllowlistEntry().IsMatch(entry))
            {
                errors.Add(new ConfigError(
                    $"route_services_hairpinning_allowlist[{i}]",
                    $"must be a wildcard (*.domain.com) or a host name (host.domain.com), got {ConfigNode.Quote(entry)}"));
            }
        }

        if (rs.CertChain.Length == 0 && rs.PrivateKey.Length == 0)
        {
            return;
        }

        try
        {
            var (leaf, intermediates) = PemCertificates.ReadKeyPair(rs.CertChain, rs.PrivateKey);
            leaf.Dispose();
            foreach (var certificate in intermediates)
            {
                certificate.Dispose();
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            errors.Add(new ConfigError(
                "route_services.cert_chain",
                $"must be a PEM certificate matching route_services.private_key: {ex.Message}",
                ["route_services.private_key"]));
        }
    }

    [GeneratedRegex(@"^(\*\.)?[a-z\d-]+(\.[a-z\d-]+)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllowlistEntry();
}
