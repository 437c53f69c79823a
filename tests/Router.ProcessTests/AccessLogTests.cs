using System.Net;
using System.Text.RegularExpressions;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary><c>access_log.file</c> (docs/gorouter-compatibility.md §8.4): one line per request in Gorouter's field order, all written by exit.</summary>
public sealed partial class AccessLogTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 5;
    private const string Secret = "s3cr3t-value";

    private MessageBus _bus = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();
        _backend = await TestBackend.StartAsync("logged");
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task AccessLog_RequestsThenDrain_OneGorouterLinePerRequestWithQueryRedacted()
    {
        await using var router = await RouterProcess.StartAsync(
            new()
            {
                Nats = _bus.Server,
                ExtraYaml = $"access_log:\n  file: {RouterProcess.DirectoryToken}/access.log\nlogging:\n  redact_query_params: all",
            },
            output);
        var path = Path.Combine(router.DirectoryPath, "access.log");
        await _bus.RegisterAndWaitAsync(router, _backend.Registration("logged.test"));
        using var client = HttpClients.Create();
        for (var i = 0; i < Requests; i++)
        {
            var request = HttpClients.ProxyGet(router.ProxyPort, "logged.test", $"/items/{i}?token={Secret}&n={i}");
            request.Headers.UserAgent.ParseAdd("process-test/1.0");
            var answer = await HttpClients.SendAsync(client, request);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }

        router.SendSignal(Signals.SigUsr1);
        Assert.Equal(0, await router.WaitForExitAsync(TimeSpan.FromSeconds(10)));

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(Requests, lines.Length);
        for (var i = 0; i < Requests; i++)
        {
            var match = GorouterLine().Match(lines[i]);
            Assert.True(match.Success, $"not in Gorouter's access-log format:\n{lines[i]}");
            Assert.Equal($"/items/{i}", match.Groups["uri"].Value);
            Assert.Equal(_backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), match.Groups["backendPort"].Value);
            Assert.Equal("logged".Length.ToString(System.Globalization.CultureInfo.InvariantCulture), match.Groups["bytes"].Value);
        }

        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [GeneratedRegex(
        """^logged\.test - \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z\] "GET (?<uri>\S+) HTTP/1\.1" 200 0 (?<bytes>\d+) "-" "process-test/1\.0" "127\.0\.0\.1:\d+" "127\.0\.0\.1:(?<backendPort>\d+)" x_forwarded_for:"127\.0\.0\.1" x_forwarded_proto:"http" vcap_request_id:"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" response_time:\d+\.\d{6} gorouter_time:\d+\.\d{6} app_id:"5c1e6f3a-0000-4000-8000-000000000001" app_index:"0" instance_id:"logged-instance" x_cf_routererror:"-"$""")]
    private static partial Regex GorouterLine();
}
