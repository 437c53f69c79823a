using RouteEmitterClient.CommandLine;

namespace RouteEmitterClient.Tests.CommandLine;

public sealed class ConfigFileTests
{
    private const string FullFile = """
        nats:
          servers: [nats://127.0.0.1:4222]
          user: emitter
          pass: secret
        host: 10.0.0.5
        port: 8080
        uris:
        - app.example.com
        - app.example.com/api
        app: 0f1e2d3c-0000-4000-8000-000000000001
        private_instance_id: instance-a
        private_instance_index: 1
        tags:
          component: web
        isolation_segment: ""
        stale_threshold_in_seconds: 60
        load_balancing: least-connection
        availability_zone: z1
        protocol: http2
        register_interval: 10s
        greet_timeout: 500ms
        log_level: debug
        """;

    [Fact]
    public void Parse_EveryKey_MapsToOptions()
    {
        var settings = ConfigFile.Parse(FullFile, "emitter.yaml", out var error);

        Assert.Null(error);
        var options = SettingsMapper.ToOptions(settings!, out var level, out var errors);
        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal([new Uri("nats://127.0.0.1:4222")], options.NatsServers);
        Assert.Equal("emitter", options.NatsUser);
        Assert.Equal("secret", options.NatsPassword);
        Assert.Equal("10.0.0.5", options.Host);
        Assert.Equal(8080, options.Port);
        Assert.Equal(["app.example.com", "app.example.com/api"], options.Uris);
        Assert.Equal(1, options.PrivateInstanceIndex);
        Assert.Equal("web", options.Tags["component"]);
        Assert.Equal(60, options.StaleThresholdInSeconds);
        Assert.Equal("least-connection", options.LoadBalancing);
        Assert.Equal("http2", options.Protocol);
        Assert.Equal(TimeSpan.FromSeconds(10), options.DefaultRegisterInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.GreetTimeout);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, level);
    }

    [Fact]
    public void Parse_UnknownKey_NamesTheLine()
    {
        Assert.Null(ConfigFile.Parse("host: 127.0.0.1\nprot: 80\n", "emitter.yaml", out var error));

        Assert.StartsWith("emitter.yaml:2:", error, StringComparison.Ordinal);
        Assert.Contains("prot", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongType_NamesTheLine()
    {
        Assert.Null(ConfigFile.Parse("host: 127.0.0.1\nport: eighty\n", "emitter.yaml", out var error));

        Assert.StartsWith("emitter.yaml:2:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyFile_GivesEmptySettings()
    {
        var settings = ConfigFile.Parse("", "emitter.yaml", out var error);

        Assert.Null(error);
        Assert.NotNull(settings);
        Assert.Null(settings.Port);
    }

    [Fact]
    public void Resolve_FileAndFlags_FlagsWin()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emitter-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, FullFile);
        try
        {
            var (options, _, errors) = Program.Resolve(SidecarArguments.Parse(["--config", path, "--port", "9000", "--tag", "extra=1"]));

            Assert.Empty(errors);
            Assert.Equal(9000, options!.Port);
            Assert.Equal("10.0.0.5", options.Host);
            Assert.Equal("web", options.Tags["component"]);
            Assert.Equal("1", options.Tags["extra"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Resolve_MissingFile_ReportsIt()
    {
        var (options, _, errors) = Program.Resolve(SidecarArguments.Parse(["--config", "/nonexistent/emitter.yaml"]));

        Assert.Null(options);
        Assert.Contains(errors, e => e.StartsWith("/nonexistent/emitter.yaml: cannot read", StringComparison.Ordinal));
    }
}
