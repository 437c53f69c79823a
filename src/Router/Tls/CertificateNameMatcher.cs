using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Router.Tls;

/// <summary>
/// Checks a backend certificate for the expected name as Go's <c>x509.Certificate.VerifyHostname</c> does:
/// subject-alternative names only (no common-name fallback), an IP name against IP entries, DNS names without
/// regard to case, and a leading <c>*</c> label matching exactly one label.
/// </summary>
internal static class CertificateNameMatcher
{
    /// <summary>True when <paramref name="certificate"/> is valid for <paramref name="name"/>; else Go's error text.</summary>
    public static bool Matches(X509Certificate2 certificate, string name, out string error)
    {
        error = "";
        var host = name.TrimEnd('.');
        var dnsNames = new List<string>();
        var ipAddresses = new List<IPAddress>();
        var hasSanExtension = false;
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                hasSanExtension = true;
                dnsNames.AddRange(san.EnumerateDnsNames());
                ipAddresses.AddRange(san.EnumerateIPAddresses());
            }
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            if (ipAddresses.Contains(ip))
            {
                return true;
            }

            error = ipAddresses.Count == 0
                ? $"x509: cannot validate certificate for {host} because it doesn't contain any IP SANs"
                : $"x509: certificate is valid for {string.Join(", ", ipAddresses)}, not {host}";
            return false;
        }

        foreach (var pattern in dnsNames)
        {
            if (MatchesPattern(pattern, host))
            {
                return true;
            }
        }

        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        error = !hasSanExtension && MatchesPattern(commonName, host)
            ? "x509: certificate relies on legacy Common Name field, use SANs instead"
            : dnsNames.Count == 0
                ? $"x509: certificate is not valid for any names, but wanted to match {host}"
                : $"x509: certificate is valid for {string.Join(", ", dnsNames)}, not {host}";
        return false;
    }

    private static bool MatchesPattern(string pattern, string host)
    {
        pattern = pattern.TrimEnd('.');
        if (pattern.Length == 0 || host.Length == 0)
        {
            return false;
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            // The wildcard stands for the whole first label, which must not be empty.
            var dot = host.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && host.AsSpan(dot).Equals(pattern.AsSpan(1), StringComparison.OrdinalIgnoreCase);
        }

        return pattern.Equals(host, StringComparison.OrdinalIgnoreCase);
    }
}
