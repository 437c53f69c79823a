using RouteEmitterClient.CommandLine;

namespace RouteEmitterClient.Tests.CommandLine;

public sealed class SidecarArgumentsTests
{
    [Fact]
    public void Parse_FullCommandLine_SetsEverySetting()
    {
        var arguments = SidecarArguments.Parse(
        [
            "--nats", "nats://127.0.0.1:4222", "--nats=nats://10.0.0.1:4222", "--host", "127.0.0.1", "--port", "5000",
            "--uri", "a.example.com", "--uri", "b.example.com/api", "--app", "app-guid", "--instance-id", "id-1",
            "--index", "2", "--tag", "component=web", "--tag", "source_id=s=1", "--interval", "20s", "--nats-tls",
        ]);

        Assert.Empty(arguments.Errors);
        var settings = arguments.Settings;
        Assert.Equal(["nats://127.0.0.1:4222", "nats://10.0.0.1:4222"], settings.Nats!.Servers!);
        Assert.Equal("127.0.0.1", settings.Host);
        Assert.Equal(5000, settings.Port);
        Assert.Equal(["a.example.com", "b.example.com/api"], settings.Uris!);
        Assert.Equal("app-guid", settings.App);
        Assert.Equal("id-1", settings.PrivateInstanceId);
        Assert.Equal(2, settings.PrivateInstanceIndex);
        Assert.Equal("web", settings.Tags!["component"]);
        Assert.Equal("s=1", settings.Tags["source_id"]);
        Assert.Equal("20s", settings.RegisterInterval);
        Assert.True(settings.Nats.TlsEnabled);
    }

    [Fact]
    public void Parse_BadArguments_ReportsEachProblem()
    {
        var arguments = SidecarArguments.Parse(["--port", "abc", "--bogus", "--tag", "novalue", "stray", "--uri"]);

        Assert.Equal(
            [
                "--port: expected a whole number, got 'abc'",
                "unknown option --bogus",
                "--tag: expected KEY=VALUE, got 'novalue'",
                "unexpected argument 'stray'",
                "--uri needs a value",
            ],
            arguments.Errors);
    }

    [Fact]
    public void Parse_Help_IsRecognised()
    {
        Assert.True(SidecarArguments.Parse(["-h"]).ShowHelp);
        Assert.True(SidecarArguments.Parse(["--help"]).ShowHelp);
    }

    [Fact]
    public async Task Main_InvalidArguments_ExitsWithTwo()
    {
        Assert.Equal(2, await Program.Main(["--port", "0", "--uri", "http://app.example.com"]));
        Assert.Equal(0, await Program.Main(["--help"]));
    }

    [Fact]
    public void Resolve_ValidCommandLine_BuildsOptions()
    {
        var (options, _, errors) = Program.Resolve(SidecarArguments.Parse(
            ["--nats", "nats://127.0.0.1:4222", "--host", "127.0.0.1", "--port", "5000", "--uri", "app.example.com", "--interval", "1m30s"]));

        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal([new Uri("nats://127.0.0.1:4222")], options.NatsServers);
        Assert.Equal(TimeSpan.FromSeconds(90), options.DefaultRegisterInterval);
        Assert.Equal("http1", options.Protocol);
    }

    [Fact]
    public void Resolve_InvalidValues_ReportsEveryProblem()
    {
        var (options, _, errors) = Program.Resolve(SidecarArguments.Parse(
            ["--nats", "not a url", "--port", "0", "--interval", "soon", "--route-service-url", "http://x", "--log-level", "loud"]));

        Assert.Null(options);
        Assert.Contains("nats: 'not a url' is not a URL such as nats://127.0.0.1:4222.", errors);
        Assert.Contains(errors, e => e.StartsWith("register_interval (--interval):", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("log_level (--log-level):", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("host:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("port:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("uris:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("route_service_url:", StringComparison.Ordinal));
    }
}
