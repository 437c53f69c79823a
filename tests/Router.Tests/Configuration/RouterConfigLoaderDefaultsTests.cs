using RouteRegistry;
using Router.Configuration;
using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public class RouterConfigLoaderDefaultsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("---\n")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void LoadFromYaml_EmptyDocument_GivesGorouterDefaults(string yaml)
    {
        var result = Load(yaml);

        Assert.Empty(result.Warnings);
        AssertGorouterDefaults(result.Options);
    }

    [Fact]
    public void RouterOptions_New_HoldsGorouterGoDefaults()
    {
        AssertGorouterDefaults(new RouterOptions());
    }

    [Fact]
    public void LoadFromYaml_NullValues_KeepDefaults()
    {
        var result = Load("port:\nstatus:\n  port: ~\nnats:\n  hosts: null\nendpoint_timeout:\nsticky_session_cookie_names:\n");

        Assert.Equal(8081, result.Options.Port);
        Assert.Equal(8080, result.Options.Status.Port);
        Assert.Equal([new NatsHost("localhost", 4222)], result.Options.Nats.Hosts);
        Assert.Equal(TimeSpan.FromSeconds(60), result.Options.EndpointTimeout);
        Assert.Equal(["JSESSIONID"], result.Options.StickySessionCookieNames);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void LoadFromYaml_QuotedEmptyString_IsAValueNotNull()
    {
        var result = Load("trace_key: ''\nzone: \"\"\nhealthcheck_user_agent: ''\n");

        Assert.Equal("", result.Options.HealthcheckUserAgent);
    }

    [Fact]
    public void LoadFromYaml_StartDelayLongerThanStaleThreshold_RaisesStaleThreshold()
    {
        var result = Load("start_response_delay_interval: 200s\ndroplet_stale_threshold: 120s\n");

        Assert.Equal(TimeSpan.FromSeconds(200), result.Options.DropletStaleThreshold);
    }

    [Fact]
    public void EffectiveValues_ZeroSettings_UseGorouterFallbacks()
    {
        var options = new RouterOptions { EndpointTimeout = TimeSpan.FromSeconds(900) };

        Assert.Equal(1, options.Backends.EffectiveMaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(900), options.EffectiveDrainTimeout);
        Assert.Equal(1024 * 1024, options.EffectiveMaxRequestHeaderBytes);
    }

    [Fact]
    public void EffectiveValues_ExplicitSettings_AreUsed()
    {
        var options = new RouterOptions
        {
            Backends = new BackendOptions { MaxAttempts = 3 },
            DrainTimeout = TimeSpan.FromSeconds(30),
            MaxRequestHeaderBytes = 8192,
        };

        Assert.Equal(3, options.Backends.EffectiveMaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.EffectiveDrainTimeout);
        Assert.Equal(8192, options.EffectiveMaxRequestHeaderBytes);
    }

    private static void AssertGorouterDefaults(RouterOptions o)
    {
        Assert.Equal(0, o.Index);
        Assert.Equal("", o.Zone);
        Assert.Equal("0.0.0.0", o.BindAddress);
        Assert.Equal(8081, o.Port);
        Assert.Equal("0.0.0.0", o.Status.Host);
        Assert.Equal(8080, o.Status.Port);
        Assert.Equal("", o.Status.User);
        Assert.Equal("", o.Status.Pass);
        Assert.Equal("127.0.0.1", o.Status.Routes.Host);
        Assert.Equal(8082, o.Status.Routes.Port);
        Assert.True(o.Status.EnableNonTlsHealthChecks);
        Assert.Equal([new NatsHost("localhost", 4222)], o.Nats.Hosts);
        Assert.Equal("", o.Nats.User);
        Assert.Equal("", o.Nats.Pass);
        Assert.False(o.Nats.TlsEnabled);
        Assert.Equal(TimeSpan.FromSeconds(20), o.NatsClientPingInterval);
        Assert.Equal(TimeSpan.FromSeconds(120), o.DropletStaleThreshold);
        Assert.Equal(TimeSpan.FromSeconds(30), o.PruneStaleDropletsInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), o.StartResponseDelayInterval);
        Assert.False(o.SuspendPruningIfNatsUnavailable);
        Assert.Equal(LoadBalancingAlgorithm.RoundRobin, o.BalancingAlgorithm);
        Assert.Equal(AvailabilityZonePreference.None, o.BalancingAlgorithmAzPreference);
        Assert.Equal(0, o.Backends.MaxConns);
        Assert.Equal(0, o.Backends.MaxAttempts);
        Assert.Equal(1, o.Backends.EffectiveMaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(60), o.EndpointTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), o.EndpointDialTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), o.TlsHandshakeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), o.EndpointKeepAliveProbeInterval);
        Assert.Equal(TimeSpan.FromSeconds(900), o.FrontendIdleTimeout);
        Assert.Equal(TimeSpan.Zero, o.ReadHeaderTimeout);
        Assert.Equal(TimeSpan.Zero, o.DrainWait);
        Assert.Equal(TimeSpan.Zero, o.DrainTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), o.EffectiveDrainTimeout);
        Assert.False(o.DisableKeepAlives);
        Assert.Equal(["JSESSIONID"], o.StickySessionCookieNames);
        Assert.False(o.SecureCookies);
        Assert.False(o.EmptyPoolResponseCode503);
        Assert.Equal(TimeSpan.Zero, o.EmptyPoolTimeout);
        Assert.Equal(ForwardedClientCertMode.AlwaysForward, o.ForwardedClientCert);
        Assert.False(o.ForceForwardedProtoHttps);
        Assert.False(o.SanitizeForwardedProto);
        Assert.Empty(o.HopByHopHeadersToFilter);
        Assert.Equal("", o.TraceKey);
        Assert.Equal("info", o.Logging.Level);
        Assert.Equal("unix-epoch", o.Logging.Format.Timestamp);
        Assert.False(o.Logging.Json);
        Assert.False(o.Logging.DisableLogForwardedFor);
        Assert.False(o.Logging.DisableLogSourceIp);
        Assert.Equal("none", o.Logging.RedactQueryParams);
        Assert.Empty(o.Logging.ExtraAccessLogFields);
        Assert.Equal("", o.AccessLog.File);
        Assert.False(o.AccessLog.Stdout);
        Assert.Empty(o.ExtraHeadersToLog);
        Assert.False(o.Prometheus.Enabled);
        Assert.Equal("0.0.0.0", o.Prometheus.Host);
        Assert.Equal(9091, o.Prometheus.Port);
        Assert.Equal("/metrics", o.Prometheus.Path);
        Assert.Equal("HTTP-Monitor/1.1", o.HealthcheckUserAgent);
        Assert.Equal(0, o.MaxRequestHeaderBytes);
        Assert.Equal(1024 * 1024, o.EffectiveMaxRequestHeaderBytes);
        Assert.Equal(0, o.MaxRequestHeaders);
        Assert.Equal(ShardingMode.All, o.RoutingTableShardingMode);
        Assert.Empty(o.IsolationSegments);
        Assert.Empty(o.HttpRewrite.Responses.AddHeadersIfNotPresent);
        Assert.Empty(o.HttpRewrite.Responses.RemoveHeaders);
        Assert.Equal("", o.PidFile);
        Assert.True(o.EnableHttp2);
    }
}
