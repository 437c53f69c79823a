using Router.Configuration;
using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public class YamlErrorTests
{
    [Theory]
    [InlineData("port: 8081\nstatus:\n  port: [8080\n", "router.yaml:3:9: invalid YAML")]
    [InlineData("port: 8081\n  status: 1\n", "router.yaml:2:9: invalid YAML")]
    [InlineData("port: 8081\nnats:\n\thosts: []\n", "router.yaml:3:1: invalid YAML")]
    [InlineData("key: \"unterminated\n", "router.yaml:1:6: invalid YAML")]
    [InlineData("a: b\n- c\n", "router.yaml:2:1: invalid YAML")]
    [InlineData("endpoint_timeout: *nope\n", "router.yaml:1:19: invalid YAML")]
    [InlineData("a: [b\nc: d\n", "router.yaml:1:4: invalid YAML")]
    public void LoadFromYaml_MalformedYaml_ErrorHasLineAndColumn(string yaml, string expectedStart)
    {
        var ex = Assert.Throws<RouterConfigException>(() => Load(yaml));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error, StringComparison.Ordinal);
        Assert.Contains(error, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: [b\nc: d\n", "router.yaml:1:4: invalid YAML: '[' is never closed")]
    [InlineData("port: 8081\nstatus: {port: 8080\n", "router.yaml:2:9: invalid YAML: '{' is never closed")]
    [InlineData("x: [a, {b: [c]\n", "router.yaml:1:8: invalid YAML: '{' is never closed")]
    public void LoadFromYaml_UnclosedFlowCollection_NamesWhereItOpens(string yaml, string expected)
    {
        var error = Assert.Single(Errors(yaml));

        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("a: ]\n")]
    [InlineData("a: }\n")]
    [InlineData("a: [b, c\n")]
    [InlineData("- [\n")]
    [InlineData("a: {b: [c}\n")]
    [InlineData("a: [b]]\n")]
    [InlineData("a: 'x\n")]
    [InlineData("a: &\n")]
    [InlineData("? [a\n")]
    [InlineData("a:\n  - b\n - c\n")]
    public void LoadFromYaml_AnySyntaxError_NamesFileLineAndColumnOnly(string yaml)
    {
        var error = Assert.Single(Errors(yaml));

        Assert.Matches(@"^router\.yaml:[1-9][0-9]*:[1-9][0-9]*: invalid YAML: \S", error);
        Assert.DoesNotContain("(Line:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_DuplicateKey_ErrorHasLine()
    {
        var error = Assert.Single(Errors("port: 1\nport: 2\n"));

        Assert.StartsWith("router.yaml:2:1: invalid YAML", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- port: 8081\n", "a list")]
    [InlineData("8081\n", "'8081'")]
    public void LoadFromYaml_TopLevelNotMapping_Error(string yaml, string described)
    {
        var error = Assert.Single(Errors(yaml));

        Assert.Equal($"router.yaml: the top level must be a mapping of keys to values, got {described} (at router.yaml:1:1)", error);
    }

    [Fact]
    public void LoadFromYaml_SourceName_UsedInPositions()
    {
        var ex = Assert.Throws<RouterConfigException>(() => RouterConfigLoader.LoadFromYaml("port: x\n", Env(), "/etc/router/router.yaml"));

        Assert.Equal(["port: expected an integer, got 'x' (at /etc/router/router.yaml:1:7)"], ex.Errors);
        Assert.StartsWith("Error loading config /etc/router/router.yaml: port:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_AnchorsAndAliases_AreResolved()
    {
        var o = Load("defaults: &t 45s\nendpoint_timeout: *t\ndrain_timeout: *t\n").Options;

        Assert.Equal(TimeSpan.FromSeconds(45), o.EndpointTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), o.DrainTimeout);
    }

    [Fact]
    public void LoadFromYaml_MergeKeys_AreResolved()
    {
        var o = Load("x-limits: &limits\n  max_conns: 500\n  max_attempts: 3\nbackends:\n  <<: *limits\n  max_attempts: 2\n").Options;

        Assert.Equal(500, o.Backends.MaxConns);
        Assert.Equal(2, o.Backends.MaxAttempts);
    }

    [Fact]
    public void LoadFromYaml_MergeOfSeveralMappings_FirstWins()
    {
        var o = Load("a: &a {port: 1001}\nb: &b {port: 1002, user: u}\nstatus:\n  <<: [*a, *b]\n").Options;

        Assert.Equal(1001, o.Status.Port);
        Assert.Equal("u", o.Status.User);
    }

    [Fact]
    public void Load_MissingFile_ErrorNamesPath()
    {
        var path = Path.Combine(Path.GetTempPath(), "router-config-tests-" + Guid.NewGuid().ToString("N"), "router.yaml");

        var ex = Assert.Throws<RouterConfigException>(() => RouterConfigLoader.Load(path, Env()));

        Assert.Equal([$"{path}: configuration file not found"], ex.Errors);
    }

    [Fact]
    public void Load_ExistingFile_ReadsItWithPathInPositions()
    {
        var path = Path.Combine(Path.GetTempPath(), "router-config-tests-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, "port: 9000\nstatus:\n  port: nine\n");
        try
        {
            var ex = Assert.Throws<RouterConfigException>(() => RouterConfigLoader.Load(path, Env()));
            Assert.Equal([$"status.port: expected an integer, got 'nine' (at {path}:3:9)"], ex.Errors);

            File.WriteAllText(path, "port: 9000\n");
            Assert.Equal(9000, RouterConfigLoader.Load(path, Env()).Options.Port);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
