using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Router.Configuration;

/// <summary>Checks of header names, header values and PEM material.</summary>
internal static partial class RouterOptionsValidator
{
    private static void ValidateHeaderNames(List<ConfigError> errors, RouterOptions o)
    {
        TokenList(errors, "sticky_session_cookie_names", o.StickySessionCookieNames);
        TokenList(errors, "hop_by_hop_headers_to_filter", o.HopByHopHeadersToFilter);
        TokenList(errors, "extra_headers_to_log", o.ExtraHeadersToLog);

        const string Add = "http_rewrite.responses.add_headers_if_not_present";
        var add = o.HttpRewrite.Responses.AddHeadersIfNotPresent;
        for (var i = 0; i < add.Count; i++)
        {
            Token(errors, $"{Add}[{i}].name", add[i].Name);

            // Kestrel refuses control characters in response header values at run time; refuse them now.
            if (add[i].Value.Any(c => char.IsControl(c) && c != '\t'))
            {
                errors.Add(new ConfigError($"{Add}[{i}].value", $"must not contain control characters such as line breaks, got {ConfigNode.Quote(add[i].Value)}"));
            }
        }

        var remove = o.HttpRewrite.Responses.RemoveHeaders;
        for (var i = 0; i < remove.Count; i++)
        {
            Token(errors, $"http_rewrite.responses.remove_headers[{i}].name", remove[i].Name);
        }
    }

    private static void TokenList(List<ConfigError> errors, string key, IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            Token(errors, $"{key}[{i}]", names[i]);
        }
    }

    /// <summary>Header and cookie names are RFC 9110 tokens: visible ASCII without separators.</summary>
    private static void Token(List<ConfigError> errors, string key, string name)
    {
        const string Separators = "\"(),/:;<=>?@[\\]{}";
        if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || Separators.Contains(c, StringComparison.Ordinal)))
        {
            errors.Add(new ConfigError(key, $"must be a header or cookie name (letters, digits and !#$%&'*+-.^_`|~), got {ConfigNode.Quote(name)}"));
        }
    }

    /// <summary>
    /// With <c>nats.tls_enabled</c> Gorouter loads the CA and the client key pair at start-up and refuses
    /// to start when they do not parse; so does this router.
    /// </summary>
    private static void ValidateNatsTls(List<ConfigError> errors, NatsConfig nats)
    {
        var certs = new X509Certificate2Collection();
        try
        {
            certs.ImportFromPem(nats.CaCerts);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // Reported below as "no certificate".
        }

        if (certs.Count == 0)
        {
            errors.Add(new ConfigError("nats.ca_certs", $"must hold at least one PEM certificate when nats.tls_enabled is true, got {ConfigNode.Quote(nats.CaCerts)}", ["nats.tls_enabled"]));
        }

        foreach (var cert in certs)
        {
            cert.Dispose();
        }

        var missing = false;
        foreach (var (key, value) in new[] { ("nats.cert_chain", nats.CertChain), ("nats.private_key", nats.PrivateKey) })
        {
            if (value.Length == 0)
            {
                errors.Add(new ConfigError(key, "must be set (PEM) when nats.tls_enabled is true, got ''", ["nats.tls_enabled"]));
                missing = true;
            }
        }

        if (missing)
        {
            return;
        }

        try
        {
            using var pair = X509Certificate2.CreateFromPem(nats.CertChain, nats.PrivateKey);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            errors.Add(new ConfigError("nats.cert_chain", $"must be a PEM certificate matching nats.private_key: {ex.Message}", ["nats.private_key", "nats.tls_enabled"]));
        }
    }
}
