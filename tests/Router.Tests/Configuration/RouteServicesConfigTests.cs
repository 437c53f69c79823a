using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public sealed class RouteServicesConfigTests
{
    [Fact]
    public void LoadFromYaml_RouteServiceKeys_MappedWithoutWarnings()
    {
        var result = Load("""
            route_services_secret: s3cret
            route_services_secret_decrypt_only: old
            route_services_timeout: 30s
            route_services_recommend_https: true
            route_services_hairpinning: true
            route_services_hairpinning_allowlist: ["*.apps.example.com", "auth.example.com"]
            route_services_internal_server_port: 7171
            skip_ssl_validation: true
            route_services:
              strict_signature_validation: true
              max_attempts: 3
            """);

        var rs = result.Options.RouteServices;
        Assert.Empty(result.Warnings);
        Assert.True(rs.Enabled);
        Assert.Equal("old", rs.SecretDecryptOnly);
        Assert.Equal(TimeSpan.FromSeconds(30), rs.Timeout);
        Assert.True(rs.RecommendHttps);
        Assert.True(rs.Hairpinning);
        Assert.Equal(["*.apps.example.com", "auth.example.com"], rs.HairpinningAllowlist);
        Assert.Equal(7171, rs.InternalServerPort);
        Assert.True(rs.SkipSslValidation);
        Assert.True(rs.StrictSignatureValidation);
        Assert.Equal(3, rs.MaxAttempts);
    }

    [Fact]
    public void LoadFromYaml_Defaults_DisabledWithGorouterValues()
    {
        var rs = Load("").Options.RouteServices;

        Assert.False(rs.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(60), rs.Timeout);
        Assert.Equal(7070, rs.InternalServerPort);
        Assert.False(rs.RecommendHttps);
    }

    [Theory]
    [InlineData("sub.*.example.com")]
    [InlineData("?!.example.com")]
    [InlineData("localhost")]
    public void LoadFromYaml_AllowlistEntryNotNameOrWildcard_ErrorNamesEntry(string entry)
    {
        var errors = Errors($"route_services_hairpinning_allowlist: ['ok.example.com', '{entry}']\n");

        Assert.StartsWith("route_services_hairpinning_allowlist[1]: must be a wildcard", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_ZeroTimeout_ErrorNamesKey()
    {
        Assert.StartsWith("route_services_timeout: must be greater than 0", Assert.Single(Errors("route_services_timeout: 0s\n")), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_ClientCertificateNotPem_ErrorNamesKey()
    {
        var errors = Errors("route_services:\n  cert_chain: nonsense\n  private_key: nonsense\n");

        Assert.StartsWith("route_services.cert_chain: must be a PEM certificate", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_HairpinPortTakenByProxyPort_ErrorNamesKey()
    {
        var errors = Errors("port: 8081\nroute_services_secret: s\nroute_services_hairpinning: true\nroute_services_internal_server_port: 8081\n");

        Assert.Contains(errors, e => e.StartsWith("route_services_internal_server_port: 8081 is already used", StringComparison.Ordinal)
            || e.StartsWith("port: 8081 is already used", StringComparison.Ordinal));
    }
}
