using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public class KeyWarningTests
{
    [Fact]
    public void LoadFromYaml_UnknownKeys_WarnedNotFailed()
    {
        var result = Load("prot: 80\nstatus:\n  prot: 1\n  port: 8090\nbackends:\n  max_con: 3\n");

        Assert.Equal(8090, result.Options.Status.Port);
        Assert.Equal(
            [
                "prot: unknown key; ignored (at router.yaml:1:1)",
                "status.prot: unknown key; ignored (at router.yaml:3:3)",
                "backends.max_con: unknown key; ignored (at router.yaml:6:3)",
            ],
            result.Warnings);
    }

    [Fact]
    public void LoadFromYaml_UnknownFieldInListItem_Warned()
    {
        var result = Load("nats:\n  hosts:\n  - hostname: n1\n    port: 4222\n    weight: 2\n");

        Assert.Equal(["nats.hosts[0].weight: unknown key; ignored (at router.yaml:5:5)"], result.Warnings);
    }

    [Fact]
    public void LoadFromYaml_UnsupportedNestedKey_WarnedWithFullPath()
    {
        var result = Load("prometheus:\n  enabled: true\n  meters:\n    gorouter_time_histogram_buckets: [1, 2]\n");

        Assert.True(result.Options.Prometheus.Enabled);
        Assert.Equal(["prometheus.meters: not supported by this router yet; ignored (at router.yaml:3:3)"], result.Warnings);
    }

    [Fact]
    public void LoadFromYaml_LegacyNatsList_ReadAsHostsAndCredentials()
    {
        var result = Load("nats:\n- host: 10.0.0.1\n  port: 4222\n  user: u\n  pass: p\n- host: 10.0.0.2\n  port: 4223\n  user: u\n  pass: p\n");

        Assert.Equal([new("10.0.0.1", 4222), new("10.0.0.2", 4223)], result.Options.Nats.Hosts);
        Assert.Equal("u", result.Options.Nats.User);
        Assert.Equal("p", result.Options.Nats.Pass);
        Assert.StartsWith("nats: list form of older Gorouter releases", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_LegacyMaxHeaderBytes_ReadAsMaxRequestHeaderBytes()
    {
        var result = Load("max_header_bytes: 8192\n");

        Assert.Equal(8192, result.Options.MaxRequestHeaderBytes);
        Assert.Equal(["max_header_bytes: older name, read as max_request_header_bytes (at router.yaml:1:1)"], result.Warnings);
    }

    [Fact]
    public void LoadFromYaml_BothHeaderByteNames_NewNameWins()
    {
        var result = Load("max_header_bytes: 8192\nmax_request_header_bytes: 4096\n");

        Assert.Equal(4096, result.Options.MaxRequestHeaderBytes);
        Assert.StartsWith("max_header_bytes: older name of max_request_header_bytes, which is also set and wins", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_LegacyAttemptsDetails_AddsAttemptFields()
    {
        var result = Load("logging:\n  enable_attempts_details: true\n");

        Assert.Equal(
            ["failed_attempts", "failed_attempts_time", "dns_time", "dial_time", "tls_time", "backend_time"],
            result.Options.Logging.ExtraAccessLogFields);
        Assert.StartsWith("logging.enable_attempts_details: older switch, read as", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_LegacyAttemptsDetailsOff_NoFieldsNoWarning()
    {
        var result = Load("logging:\n  enable_attempts_details: false\n");

        Assert.Empty(result.Options.Logging.ExtraAccessLogFields);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void LoadFromYaml_RepeatedStickyCookieName_CountsOnce()
    {
        Assert.Equal(["JSESSIONID", "SESSION"], Load("sticky_session_cookie_names: [JSESSIONID, SESSION, JSESSIONID]\n").Options.StickySessionCookieNames);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("True", true)]
    [InlineData("'true'", true)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("FALSE", false)]
    public void LoadFromYaml_YamlBooleanSpellings_Accepted(string text, bool expected)
    {
        Assert.Equal(expected, Load($"secure_cookies: {text}\n").Options.SecureCookies);
    }
}
