using RouteRegistry;
using Router.Configuration;
using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public class GorouterBoshConfigTests
{
    [Fact]
    public void LoadFromYaml_BoshRenderedConfig_MapsSupportedKeys()
    {
        var o = Load(GorouterBoshSample.Yaml).Options;

        Assert.Equal(80, o.Port);
        Assert.Equal(2, o.Index);
        Assert.Equal("z1", o.Zone);
        Assert.Equal("router-status", o.Status.User);
        Assert.Equal("Zq8vT2wLk5mN", o.Status.Pass);
        Assert.Equal(8082, o.Status.Routes.Port);
        Assert.Equal([new NatsHost("10.0.16.5", 4222), new NatsHost("10.0.16.6", 4222)], o.Nats.Hosts);
        Assert.Equal("nats", o.Nats.User);
        Assert.Equal("n4tsP4ssw0rd", o.Nats.Pass);
        Assert.Equal("info", o.Logging.Level);
        Assert.Equal("rfc3339", o.Logging.Format.Timestamp);
        Assert.Equal("hash", o.Logging.RedactQueryParams);
        Assert.Equal(["failed_attempts", "backend_time"], o.Logging.ExtraAccessLogFields);
        Assert.Equal("22", o.TraceKey);
        Assert.Equal(["JSESSIONID", "SESSION"], o.StickySessionCookieNames);
        Assert.Equal("/var/vcap/sys/log/gorouter/access.log", o.AccessLog.File);
        Assert.True(o.SuspendPruningIfNatsUnavailable);
        Assert.False(o.DisableKeepAlives);
        Assert.Equal(500, o.Backends.MaxConns);
        Assert.Equal(3, o.Backends.EffectiveMaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(20), o.DrainWait);
        Assert.Equal(TimeSpan.FromSeconds(900), o.EffectiveDrainTimeout);
        Assert.Equal(TimeSpan.FromSeconds(900), o.EndpointTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), o.StartResponseDelayInterval);
        Assert.Equal(TimeSpan.FromSeconds(120), o.DropletStaleThreshold);
        Assert.Equal(LoadBalancingAlgorithm.LeastConnection, o.BalancingAlgorithm);
        Assert.Equal(AvailabilityZonePreference.LocallyOptimistic, o.BalancingAlgorithmAzPreference);
        Assert.Equal(ForwardedClientCertMode.SanitizeSet, o.ForwardedClientCert);
        Assert.True(o.SanitizeForwardedProto);
        Assert.Equal(8, o.HopByHopHeadersToFilter.Count);
        Assert.Equal(ShardingMode.SharedAndSegments, o.RoutingTableShardingMode);
        Assert.Equal(["iso-seg-1", "iso-seg-2"], o.IsolationSegments);
        Assert.Equal(["X-B3-TraceId", "User-Agent"], o.ExtraHeadersToLog);
        Assert.Equal("/var/vcap/sys/run/bpm/gorouter/gorouter.pid", o.PidFile);
        Assert.Equal(1048576, o.MaxRequestHeaderBytes);
        Assert.True(o.EmptyPoolResponseCode503);
        Assert.Equal(TimeSpan.FromSeconds(10), o.EmptyPoolTimeout);
        Assert.True(o.Prometheus.Enabled);
        Assert.Equal(9091, o.Prometheus.Port);
        Assert.Equal(
            [new HeaderNameValue("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload")],
            o.HttpRewrite.Responses.AddHeadersIfNotPresent);
        Assert.Equal(["X-Powered-By", "Server"], o.HttpRewrite.Responses.RemoveHeaders.Select(h => h.Name));
    }

    [Fact]
    public void LoadFromYaml_BoshRenderedConfig_WarnsOncePerUnsupportedKey()
    {
        var warnings = Load(GorouterBoshSample.Yaml).Warnings;

        foreach (var key in GorouterBoshSample.UnsupportedKeys)
        {
            var warning = Assert.Single(warnings, w => w.StartsWith(key + ": ", StringComparison.Ordinal));
            Assert.Contains("not supported by this router yet; ignored (at router.yaml:", warning, StringComparison.Ordinal);
        }

        Assert.Equal(GorouterBoshSample.UnsupportedKeys.Length, warnings.Count);
    }

    [Fact]
    public void LoadFromYaml_BoshRenderedConfig_IgnoresKeysGorouterIgnoresWithoutWarning()
    {
        var warnings = Load(GorouterBoshSample.Yaml).Warnings;

        Assert.DoesNotContain(warnings, w => w.StartsWith("publish_start_message_interval", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.StartsWith("load_balancer_healthy_threshold", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.StartsWith("websocket_dial_timeout", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains("unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFromYaml_UnsupportedSectionWithManyKeys_NamedOnce()
    {
        var warnings = Load("routing_api:\n  uri: http://api\n  port: 3000\n", ("ROUTER_ROUTING_API__AUTH_DISABLED", "true")).Warnings;

        Assert.Equal(["routing_api: not supported by this router yet; ignored (at router.yaml:1:1)"], warnings);
    }
}
