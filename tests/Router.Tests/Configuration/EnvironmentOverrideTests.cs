using RouteRegistry;
using Router.Configuration;
using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public class EnvironmentOverrideTests
{
    [Fact]
    public void LoadFromYaml_ScalarVariable_OverridesFile()
    {
        var result = Load("port: 8081\n", ("ROUTER_PORT", "80"));

        Assert.Equal(80, result.Options.Port);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void LoadFromYaml_NestedVariables_OverrideNestedKeys()
    {
        var o = Load(
            "backends:\n  max_conns: 10\nstatus:\n  pass: from-file\n",
            ("ROUTER_BACKENDS__MAX_CONNS", "500"),
            ("ROUTER_STATUS__PASS", "secret"),
            ("ROUTER_STATUS__ROUTES__PORT", "9082"),
            ("ROUTER_LOGGING__FORMAT__TIMESTAMP", "rfc3339")).Options;

        Assert.Equal(500, o.Backends.MaxConns);
        Assert.Equal("secret", o.Status.Pass);
        Assert.Equal(9082, o.Status.Routes.Port);
        Assert.Equal("rfc3339", o.Logging.Format.Timestamp);
    }

    [Fact]
    public void LoadFromYaml_VariableForMissingSection_CreatesIt()
    {
        var o = Load("", ("ROUTER_PROMETHEUS__ENABLED", "true"), ("ROUTER_ACCESS_LOG__STDOUT", "true")).Options;

        Assert.True(o.Prometheus.Enabled);
        Assert.True(o.AccessLog.Stdout);
    }

    [Fact]
    public void LoadFromYaml_TypedVariables_ParseDurationsBooleansAndChoices()
    {
        var o = Load(
            "",
            ("ROUTER_ENDPOINT_TIMEOUT", "1m30s"),
            ("ROUTER_DRAIN_WAIT", "20"),
            ("ROUTER_SUSPEND_PRUNING_IF_NATS_UNAVAILABLE", "true"),
            ("ROUTER_BALANCING_ALGORITHM", "least-connection"),
            ("ROUTER_ROUTING_TABLE_SHARDING_MODE", "shared-and-segments")).Options;

        Assert.Equal(TimeSpan.FromSeconds(90), o.EndpointTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), o.DrainWait);
        Assert.True(o.SuspendPruningIfNatsUnavailable);
        Assert.Equal(LoadBalancingAlgorithm.LeastConnection, o.BalancingAlgorithm);
        Assert.Equal(ShardingMode.SharedAndSegments, o.RoutingTableShardingMode);
    }

    [Fact]
    public void LoadFromYaml_ListVariable_IsCommaSeparatedAndReplacesFileList()
    {
        var o = Load(
            "sticky_session_cookie_names: [A, B, C]\n",
            ("ROUTER_STICKY_SESSION_COOKIE_NAMES", "JSESSIONID, SESSION,"),
            ("ROUTER_ISOLATION_SEGMENTS", "seg1,seg2")).Options;

        Assert.Equal(["JSESSIONID", "SESSION"], o.StickySessionCookieNames);
        Assert.Equal(["seg1", "seg2"], o.IsolationSegments);
    }

    [Fact]
    public void LoadFromYaml_EmptyListVariable_GivesEmptyList()
    {
        var o = Load("", ("ROUTER_STICKY_SESSION_COOKIE_NAMES", "")).Options;

        Assert.Empty(o.StickySessionCookieNames);
    }

    [Fact]
    public void LoadFromYaml_NatsHostsVariable_ParsesHostPortList()
    {
        var o = Load(
            "nats:\n  hosts:\n  - hostname: old\n    port: 1\n",
            ("ROUTER_NATS__HOSTS", "nats1:4222,nats2:4223,nats3,[::1]:4224")).Options;

        Assert.Equal(
            [new NatsHost("nats1", 4222), new NatsHost("nats2", 4223), new NatsHost("nats3", 4222), new NatsHost("::1", 4224)],
            o.Nats.Hosts);
    }

    [Theory]
    [InlineData("nats1:abc")]
    [InlineData(":4222")]
    [InlineData("::1:4222")]
    [InlineData("[::1")]
    public void LoadFromYaml_MalformedNatsHostsVariable_ErrorNamesKeyAndVariable(string value)
    {
        var errors = Errors("", ("ROUTER_NATS__HOSTS", value));

        var error = SingleErrorFor(errors, "nats.hosts");
        Assert.Contains("host:port", error, StringComparison.Ordinal);
        Assert.EndsWith("(from ROUTER_NATS__HOSTS)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_HttpRewriteVariables_ParseHeaderLists()
    {
        var o = Load(
            "",
            ("ROUTER_HTTP_REWRITE__RESPONSES__ADD_HEADERS_IF_NOT_PRESENT", "Strict-Transport-Security: max-age=31536000,X-Frame-Options:DENY"),
            ("ROUTER_HTTP_REWRITE__RESPONSES__REMOVE_HEADERS", "Server,X-Powered-By")).Options;

        Assert.Equal(
            [new HeaderNameValue("Strict-Transport-Security", "max-age=31536000"), new HeaderNameValue("X-Frame-Options", "DENY")],
            o.HttpRewrite.Responses.AddHeadersIfNotPresent);
        Assert.Equal([new HeaderNameValue("Server", ""), new HeaderNameValue("X-Powered-By", "")], o.HttpRewrite.Responses.RemoveHeaders);
    }

    [Fact]
    public void LoadFromYaml_BadVariableValue_ErrorNamesKeyValueAndVariable()
    {
        var errors = Errors("", ("ROUTER_PORT", "abc"), ("ROUTER_BACKENDS__MAX_CONNS", "-1"));

        Assert.Equal(
            ["port: expected an integer, got 'abc' (from ROUTER_PORT)", "backends.max_conns: must be >= 0, got -1 (from ROUTER_BACKENDS__MAX_CONNS)"],
            errors);
    }

    [Fact]
    public void LoadFromYaml_ScalarVariableOverFileSection_ReplacesSectionAndReportsType()
    {
        var errors = Errors("status:\n  port: 8080\n", ("ROUTER_STATUS", "8080"));

        Assert.Equal(["status: expected a mapping, got '8080' (from ROUTER_STATUS)"], errors);
    }

    [Fact]
    public void LoadFromYaml_NestedVariableOverFileScalar_WinsOverFile()
    {
        var o = Load("backends: 5\n", ("ROUTER_BACKENDS__MAX_ATTEMPTS", "3")).Options;

        Assert.Equal(3, o.Backends.MaxAttempts);
    }

    [Fact]
    public void LoadFromYaml_VariableNameInAnyCase_IsAccepted()
    {
        var o = Load("", ("router_backends__max_attempts", "2")).Options;

        Assert.Equal(2, o.Backends.MaxAttempts);
    }

    [Fact]
    public void LoadFromYaml_UnknownVariable_WarnsWithVariableName()
    {
        var warnings = Load("", ("ROUTER_NO_SUCH_KEY", "1"), ("OTHER_PORT", "1"), ("ROUTER_TOKEN_FETCHER_MAX_RETRIES", "3")).Warnings;

        Assert.Equal(
            [
                "no_such_key: unknown key; ignored (from ROUTER_NO_SUCH_KEY)",
                "token_fetcher_max_retries: not supported by this router yet; ignored (from ROUTER_TOKEN_FETCHER_MAX_RETRIES)",
            ],
            warnings);
    }

    [Theory]
    [InlineData("ROUTER_")]
    [InlineData("ROUTER_STATUS____PORT")]
    [InlineData("ROUTER_STATUS__")]
    public void LoadFromYaml_VariableWithEmptyKeySegment_WarnsAndIsIgnored(string name)
    {
        var result = Load("", (name, "1"));

        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith(name + ": environment variable does not name a key", warning, StringComparison.Ordinal);
        Assert.Equal(8080, result.Options.Status.Port);
    }
}
