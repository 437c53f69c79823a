using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Router.Tls;

namespace Router.Tests.Tls;

public sealed class CertificateNameMatcherTests
{
    [Theory]
    [InlineData("2f3c9a1e-5b7d-4c11-9e0a-000000000001", "2f3c9a1e-5b7d-4c11-9e0a-000000000001")]
    [InlineData("App.Example.com", "app.example.COM")]
    [InlineData("*.apps.internal", "instance.apps.internal")]
    [InlineData("instance.example.com", "instance.example.com.")]
    public void Matches_NameInSubjectAlternativeNames_True(string san, string expected)
    {
        using var certificate = Create("CN=ignored", dns: [san]);

        Assert.True(CertificateNameMatcher.Matches(certificate, expected, out var error));
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("*.apps.internal", "a.b.apps.internal")]
    [InlineData("*.apps.internal", "apps.internal")]
    [InlineData("instance-b", "instance-a")]
    public void Matches_OtherName_FalseWithGoText(string san, string expected)
    {
        using var certificate = Create("CN=ignored", dns: [san]);

        Assert.False(CertificateNameMatcher.Matches(certificate, expected, out var error));
        Assert.Equal($"x509: certificate is valid for {san}, not {expected}", error);
    }

    [Fact]
    public void Matches_NameOnlyInCommonName_FalseNamingLegacyField()
    {
        using var certificate = Create("CN=instance-a", dns: []);

        Assert.False(CertificateNameMatcher.Matches(certificate, "instance-a", out var error));
        Assert.Equal("x509: certificate relies on legacy Common Name field, use SANs instead", error);
    }

    [Fact]
    public void Matches_IpAddress_ComparedWithIpEntriesOnly()
    {
        using var withIp = Create("CN=x", dns: ["127.0.0.1"], ip: [IPAddress.Loopback]);
        using var dnsOnly = Create("CN=x", dns: ["127.0.0.1"]);

        Assert.True(CertificateNameMatcher.Matches(withIp, "127.0.0.1", out _));
        Assert.False(CertificateNameMatcher.Matches(dnsOnly, "127.0.0.1", out var error));
        Assert.Equal("x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs", error);
    }

    private static X509Certificate2 Create(string subject, string[] dns, IPAddress[]? ip = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (dns.Length > 0 || ip is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dns)
            {
                san.AddDnsName(name);
            }

            foreach (var address in ip ?? [])
            {
                san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
