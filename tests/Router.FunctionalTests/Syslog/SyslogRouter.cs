using System.Collections;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Syslog;

/// <summary>
/// A router streaming its access log to a syslog server, with the same lines in an access-log file to compare
/// against, and one backend registered as an app with tags under <see cref="AppHost"/>.
/// </summary>
internal sealed class SyslogRouter : IAsyncDisposable
{
    public const string AppHost = "syslog-app.test";

    private readonly string _directory;

    private SyslogRouter(RouterTestEnvironment router, TestBackend backend, string directory)
    {
        Router = router;
        Backend = backend;
        _directory = directory;
    }

    public RouterTestEnvironment Router { get; }

    public TestBackend Backend { get; }

    public string AccessLogPath => Path.Combine(_directory, "access.log");

    public static async Task<SyslogRouter> StartAsync(string address, string network, ITestOutputHelper output, string extraYaml = "")
    {
        var directory = Directory.CreateTempSubdirectory("syslog-router-").FullName;
        var environment = new Hashtable
        {
            ["ROUTER_LOGGING__SYSLOG"] = "vcap.gorouter",
            ["ROUTER_LOGGING__SYSLOG_ADDR"] = address,
            ["ROUTER_LOGGING__SYSLOG_NETWORK"] = network,
        };
        var yaml = $"access_log:\n  enable_streaming: true\n  file: {Path.Combine(directory, "access.log")}\n{extraYaml}";
        var backend = await TestBackend.StartAsync("syslog");
        try
        {
            var router = await RouterTestEnvironment.StartAsync(yaml, output: output, environment: environment);
            var registration = backend.Registration(AppHost);
            registration.Tags = new Dictionary<string, string> { ["component"] = "syslog-test", ["process_type"] = "web" };
            router.RouteTable.Register(registration);
            return new SyslogRouter(router, backend, directory);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>The access-log file's lines so far.</summary>
    public string[] FileLines()
    {
        if (!File.Exists(AccessLogPath))
        {
            return [];
        }

        using var stream = new FileStream(AccessLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async ValueTask DisposeAsync()
    {
        await Router.DisposeAsync();
        await Backend.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
