using System.Collections;
using Router.Configuration;
using Router.Configuration.Reload;

namespace Router.Tests.Configuration;

public sealed class LiveOptionsTests
{
    private const string Start = "route_services_secret: first";

    // One changed value per live key, each differing from the default and from Start.
    [Theory]
    [InlineData("logging:\n  level: error")]
    [InlineData("access_log:\n  file: /tmp/x.log")]
    [InlineData("access_log:\n  stdout: true")]
    [InlineData("balancing_algorithm: least-connection")]
    [InlineData("endpoint_timeout: 3s")]
    [InlineData("drain_timeout: 4s")]
    [InlineData("backends:\n  max_conns: 5")]
    [InlineData("only_trust_client_ca_certs: true")]
    [InlineData("route_services_secret_decrypt_only: older")]
    [InlineData("route_services_timeout: 7s")]
    public void Merge_LiveKeyChanged_TakesTheLoadedValue(string change)
    {
        var running = Options(Start);
        var loaded = Options(Start + "\n" + change);

        var merged = LiveOptions.Merge(running, loaded);

        Assert.NotEqual(Describe(running), Describe(merged));
        Assert.Equal(Describe(loaded), Describe(merged));
    }

    [Theory]
    [InlineData("port: 9999")]
    [InlineData("endpoint_dial_timeout: 2s")]
    [InlineData("min_tls_version: TLSv1.3\nmax_tls_version: TLSv1.3")]
    [InlineData("sticky_session_cookie_names: [OTHER]")]
    [InlineData("logging:\n  json: true")]
    public void Merge_RestartKeyChanged_KeepsTheRunningValue(string change)
    {
        var running = Options(Start);
        var loaded = Options(Start + "\n" + change);

        var merged = LiveOptions.Merge(running, loaded);

        Assert.Equal(Describe(running), Describe(merged));
    }

    [Fact]
    public void IsLive_RouteServicesTurnedOff_NotLive()
    {
        var running = Options(Start);
        var loaded = Options("");

        Assert.False(LiveOptions.IsLive("route_services_secret", running, loaded));
        Assert.Equal("first", LiveOptions.Merge(running, loaded).RouteServices.Secret);
    }

    [Fact]
    public void IsLive_TlsListenerTurnedOff_CertificatesNotLiveAndKept()
    {
        var running = Options(Start);
        var loaded = RouterConfigLoader.LoadFromYaml(Start + "\nonly_trust_client_ca_certs: true", new Hashtable()).Options;

        Assert.False(LiveOptions.IsLive("only_trust_client_ca_certs", running, loaded));
        Assert.False(LiveOptions.Merge(running, loaded).ClientTls.OnlyTrustClientCaCerts);
    }

    [Fact]
    public void IsLive_TlsListenerOff_CertificatesNotLive()
    {
        var running = RouterConfigLoader.LoadFromYaml("", new Hashtable()).Options;

        Assert.False(LiveOptions.IsLive("tls_pem", running, running));
        Assert.True(LiveOptions.IsLive("endpoint_timeout", running, running));
        Assert.False(LiveOptions.IsLive("port", running, running));
    }

    // As if the TLS listener were on: enable_ssl itself needs a real certificate in tls_pem to pass validation.
    private static RouterOptions Options(string yaml)
    {
        var options = RouterConfigLoader.LoadFromYaml(yaml, new Hashtable()).Options;
        return options with { ClientTls = options.ClientTls with { EnableSsl = true } };
    }

    // Records compare lists by reference; their text compares values.
    private static string Describe(RouterOptions options) =>
        string.Join("|", options.Logging, options.AccessLog, options.BalancingAlgorithm, options.EndpointTimeout, options.DrainTimeout,
            options.Backends.MaxConns, options.ClientTls.OnlyTrustClientCaCerts, options.ClientTls.MinTlsVersion, options.RouteServices, options.Port,
            options.EndpointDialTimeout, string.Join(",", options.StickySessionCookieNames));
}
