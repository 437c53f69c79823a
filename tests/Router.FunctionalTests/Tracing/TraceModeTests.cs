using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tracing;

/// <summary>
/// Each header family on its own, both off, and the access-log fields tracing adds (docs/tracing.md); one router
/// per test because each needs its own <c>tracing</c> keys.
/// </summary>
public sealed class TraceModeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string UuidTrace = "5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6";
    private const string Span = "a1b2c3d4e5f60718";

    private readonly string _directory = Directory.CreateTempSubdirectory("trace-modes-").FullName;
    private TestBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await TestBackend.StartAsync("traced");

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Get_W3COnlyWithTraceparent_RequestIdFromTraceIdAndNoB3()
    {
        await using var router = await StartAsync("tracing:\n  enable_w3c: true");

        using var response = await SendAsync(router, ("traceparent", $"00-{UuidTrace}-{Span}-01"));

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal("5c1e6f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6", seen["X-Vcap-Request-Id"]);
        var parent = TraceHeaderTests.TraceParentPattern().Match(seen["traceparent"]).Groups["parent"].Value;
        Assert.Equal($"gorouter={parent}", seen["tracestate"]);
        Assert.False(seen.ContainsKey("b3"));
        Assert.False(seen.ContainsKey("X-B3-TraceId"));
    }

    [Fact]
    public async Task Get_ZipkinOnly_NoW3CHeadersAdded()
    {
        await using var router = await StartAsync("tracing:\n  enable_zipkin: true");

        using var response = await SendAsync(router);

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal(seen["X-Vcap-Request-Id"].Replace("-", "", StringComparison.Ordinal), seen["X-B3-TraceId"]);
        Assert.False(seen.ContainsKey("traceparent"));
        Assert.False(seen.ContainsKey("tracestate"));
    }

    [Fact]
    public async Task Get_TracingOff_TraceHeadersPassedThroughAndNoneAdded()
    {
        await using var router = await StartAsync(string.Empty);

        using var response = await SendAsync(router, ("b3", "garbage"), ("traceparent", $"00-{UuidTrace}-{Span}-01"));

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal("garbage", seen["b3"]);
        Assert.Equal($"00-{UuidTrace}-{Span}-01", seen["traceparent"]);
        Assert.False(seen.ContainsKey("X-B3-TraceId"));
        Assert.False(seen.ContainsKey("tracestate"));
        Assert.NotEqual("5c1e6f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6", seen["X-Vcap-Request-Id"]);
    }

    [Fact]
    public async Task AccessLog_TracingOn_TraceHeadersSentAfterRouterErrorField()
    {
        var path = Path.Combine(_directory, "access.log");
        await using var router = await StartAsync(
            $"tracing:\n  enable_zipkin: true\n  enable_w3c: true\naccess_log:\n  file: {path}\nextra_headers_to_log: [X-Custom, b3]");

        using var response = await SendAsync(router, ("X-Custom", "mine"));

        var seen = _backend.ReceivedHeaders.Single();
        var expectedTail =
            $"x_cf_routererror:\"-\" x_custom:\"mine\" b3:\"{seen["b3"]}\" x_b3_traceid:\"{seen["X-B3-TraceId"]}\" " +
            $"x_b3_spanid:\"{seen["X-B3-SpanId"]}\" x_b3_parentspanid:\"-\" traceparent:\"{seen["traceparent"]}\" " +
            $"tracestate:\"{seen["tracestate"]}\"";
        string? line = null;
        await Eventually.Until("the access-log line is written", () =>
        {
            line = File.Exists(path) ? File.ReadAllLines(path).FirstOrDefault() : null;
            return line is not null;
        });
        Assert.EndsWith(expectedTail, line, StringComparison.Ordinal);
        Assert.Contains($"vcap_request_id:\"{seen["X-Vcap-Request-Id"]}\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessLog_UnknownRoute_TraceHeadersStillLogged()
    {
        var path = Path.Combine(_directory, "unknown.log");
        await using var router = await StartAsync($"tracing:\n  enable_w3c: true\naccess_log:\n  file: {path}");

        using var response = await SendAsync(router, "nowhere.test");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        string? line = null;
        await Eventually.Until("the access-log line is written", () =>
        {
            line = File.Exists(path) ? File.ReadAllLines(path).FirstOrDefault() : null;
            return line is not null;
        });
        Assert.Matches("x_cf_routererror:\"unknown_route\" traceparent:\"00-[0-9a-f]{32}-[0-9a-f]{16}-01\" tracestate:\"gorouter=[0-9a-f]{16}\"$", line);
    }

    private async Task<RouterTestEnvironment> StartAsync(string yaml)
    {
        var router = await RouterTestEnvironment.StartAsync(yaml, output: output);
        router.Register(_backend, "traced.test");
        return router;
    }

    private static Task<HttpResponseMessage> SendAsync(RouterTestEnvironment router, params (string Name, string Value)[] headers) =>
        TracedRequest.SendAsync(router, "traced.test", headers);

    private static Task<HttpResponseMessage> SendAsync(RouterTestEnvironment router, string host) => TracedRequest.SendAsync(router, host);
}
