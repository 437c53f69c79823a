using System.Text.RegularExpressions;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tracing;

/// <summary>
/// B3 and W3C headers as a real backend receives them through the router with <c>tracing.enable_zipkin</c> and
/// <c>tracing.enable_w3c</c> on (docs/tracing.md), and the request id derived from the trace id.
/// </summary>
public sealed partial class TraceHeaderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Tenant = "tenant-1";
    private const string UuidTrace = "5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6";
    private const string Span = "a1b2c3d4e5f60718";

    private RouterTestEnvironment _router = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _router = await RouterTestEnvironment.StartAsync(
            $"tracing:\n  enable_zipkin: true\n  enable_w3c: true\n  w3c_tenant_id: {Tenant}", output: output);
        _backend = await TestBackend.StartAsync("traced");
        _router.Register(_backend, "traced.test");
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Get_NoTraceHeaders_B3AndW3CGeneratedFromRequestId()
    {
        using var response = await SendAsync();

        var seen = _backend.ReceivedHeaders.Single();
        var requestId = seen["X-Vcap-Request-Id"];
        Assert.Matches(UuidV4(), requestId);
        var trace = requestId.Replace("-", "", StringComparison.Ordinal);
        var span = trace[16..];
        Assert.Equal(trace, seen["X-B3-TraceId"]);
        Assert.Equal(span, seen["X-B3-SpanId"]);
        Assert.Equal($"{trace}-{span}", seen["b3"]);
        Assert.Equal($"00-{trace}-{span}-01", seen["traceparent"]);
        Assert.Equal($"{Tenant}@gorouter={span}", seen["tracestate"]);
        Assert.False(seen.ContainsKey("X-B3-ParentSpanId"));
        Assert.False(seen.ContainsKey("X-B3-Sampled"));
        Assert.Equal(requestId, response.Headers.GetValues("X-Vcap-Request-Id").Single());
        Assert.False(response.Headers.Contains("traceparent"));
        Assert.False(response.Headers.Contains("b3"));
    }

    [Fact]
    public async Task Get_ValidB3Single_KeptAndRequestIdFromTraceId()
    {
        var b3 = $"{UuidTrace}-{Span}-1";

        using var response = await SendAsync(("b3", b3));

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal(b3, seen["b3"]);
        Assert.False(seen.ContainsKey("X-B3-TraceId"));
        Assert.False(seen.ContainsKey("X-B3-SpanId"));
        Assert.Equal("5c1e6f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6", seen["X-Vcap-Request-Id"]);
        Assert.Equal($"00-{UuidTrace}-{Span}-01", seen["traceparent"]);
        Assert.Equal($"{Tenant}@gorouter={Span}", seen["tracestate"]);
    }

    [Fact]
    public async Task Get_B3Single64BitTraceId_KeptWithRandomRequestIdAndPaddedTraceparent()
    {
        var b3 = $"{UuidTrace[16..]}-{Span}";

        using var response = await SendAsync(("b3", b3));

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal(b3, seen["b3"]);
        Assert.Matches(UuidV4(), seen["X-Vcap-Request-Id"]);
        Assert.Equal($"00-0000000000000000{UuidTrace[16..]}-{Span}-01", seen["traceparent"]);
    }

    [Fact]
    public async Task Get_ValidB3Multi_SingleHeaderBuiltAndMultiKept()
    {
        const string parent = "0102030405060708";

        using var response = await SendAsync(
            ("X-B3-TraceId", UuidTrace), ("X-B3-SpanId", Span), ("X-B3-ParentSpanId", parent), ("X-B3-Sampled", "true"));

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal($"{UuidTrace}-{Span}-1-{parent}", seen["b3"]);
        Assert.Equal(UuidTrace, seen["X-B3-TraceId"]);
        Assert.Equal(Span, seen["X-B3-SpanId"]);
        Assert.Equal(parent, seen["X-B3-ParentSpanId"]);
        Assert.Equal("true", seen["X-B3-Sampled"]);
        Assert.Equal("5c1e6f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6", seen["X-Vcap-Request-Id"]);
    }

    [Fact]
    public async Task Get_ValidTraceparentAndTracestate_TraceKeptNewParentOwnEntryFirst()
    {
        const string incomingParent = "00f067aa0ba902b7";
        var traceparent = $"00-{UuidTrace}-{incomingParent}-00";

        using var response = await SendAsync(
            ("traceparent", traceparent), ("tracestate", $"congo=t61rcWkgMzE, {Tenant}@gorouter=0000000000000001 ,rojo=00f067aa0ba902b7,junk"));

        var seen = _backend.ReceivedHeaders.Single();
        var match = TraceParentPattern().Match(seen["traceparent"]);
        Assert.True(match.Success, seen["traceparent"]);
        Assert.Equal(UuidTrace, match.Groups["trace"].Value);
        Assert.Equal("00", match.Groups["flags"].Value);
        var parent = match.Groups["parent"].Value;
        Assert.NotEqual(incomingParent, parent);
        Assert.Equal($"{Tenant}@gorouter={parent},congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", seen["tracestate"]);

        // B3 ran first and found nothing, so it started its own trace, and the request id follows that one.
        Assert.Equal(seen["X-B3-TraceId"], seen["X-Vcap-Request-Id"].Replace("-", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00-5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6-a1b2c3d4e5f60718")]
    [InlineData("00-00000000000000000000000000000000-a1b2c3d4e5f60718-01")]
    [InlineData("00-5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6-0000000000000000-01")]
    [InlineData("00_5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6_a1b2c3d4e5f60718_01")]
    [InlineData("ff-5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6-a1b2c3d4e5f60718-01")]
    [InlineData("00-5c1e6f3a1b2c4d5e8f90a1b2c3d4e5fg-a1b2c3d4e5f60718-01")]
    public async Task Get_MalformedTraceparent_NewTraceAndTracestateDropped(string traceparent)
    {
        using var response = await SendAsync(("traceparent", traceparent), ("tracestate", "congo=t61rcWkgMzE"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var seen = _backend.ReceivedHeaders.Single();
        var trace = seen["X-B3-TraceId"];
        var span = seen["X-B3-SpanId"];
        Assert.Equal($"00-{trace}-{span}-01", seen["traceparent"]);
        Assert.Equal($"{Tenant}@gorouter={span}", seen["tracestate"]);
    }

    [Fact]
    public async Task Get_MalformedHeaders_CountedInTheMetric()
    {
        long Malformed() => _router.Host.Metrics.TraceHeadersMalformed?.Invoke() ?? -1;
        var before = Malformed();

        using (await SendAsync(("traceparent", "00-00000000000000000000000000000000-a1b2c3d4e5f60718-01")))
        {
        }

        using (await SendAsync(("b3", "5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6-a1b2c3d4e5f60718-x")))
        {
        }

        using (await SendAsync(("traceparent", $"00-{UuidTrace}-{Span}-01")))
        {
        }

        Assert.Equal(before + 2, Malformed());
    }

    [Fact]
    public async Task Get_OversizedTracestate_OnlyOwnEntrySent()
    {
        var huge = string.Join(',', Enumerable.Range(0, 1000).Select(i => $"v{i}=x"));
        Assert.True(huge.Length > 2048);

        using var response = await SendAsync(("traceparent", $"00-{UuidTrace}-{Span}-01"), ("tracestate", huge));

        var seen = _backend.ReceivedHeaders.Single();
        var parent = TraceParentPattern().Match(seen["traceparent"]).Groups["parent"].Value;
        Assert.Equal($"{Tenant}@gorouter={parent}", seen["tracestate"]);
    }

    [Theory]
    [InlineData("not-a-b3-header-at-all-but-long-enough-to-parse")]
    [InlineData("5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6")]
    [InlineData("00000000000000000000000000000000-a1b2c3d4e5f60718")]
    [InlineData("5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6-a1b2c3d4e5f60718-x")]
    public async Task Get_MalformedB3Single_ReplacedByNewTrace(string b3)
    {
        using var response = await SendAsync(("b3", b3));

        var seen = _backend.ReceivedHeaders.Single();
        var trace = seen["X-B3-TraceId"];
        Assert.Equal(seen["X-Vcap-Request-Id"].Replace("-", "", StringComparison.Ordinal), trace);
        Assert.Equal($"{trace}-{seen["X-B3-SpanId"]}", seen["b3"]);
    }

    [Fact]
    public async Task Get_MalformedB3Multi_PassedThroughWithoutB3Single()
    {
        using var response = await SendAsync(("X-B3-TraceId", "xyz"), ("X-B3-SpanId", Span));

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal("xyz", seen["X-B3-TraceId"]);
        Assert.False(seen.ContainsKey("b3"));
        Assert.Matches(UuidV4(), seen["X-Vcap-Request-Id"]);
        Assert.Matches(TraceParentPattern(), seen["traceparent"]);
    }

    [Fact]
    public async Task Get_TraceparentOnTwoLines_FirstOneUsed()
    {
        var answer = await RawHttp.SendAsync(
            _router.ProxyPort,
            $"GET / HTTP/1.1\r\nHost: traced.test\r\ntraceparent: 00-{UuidTrace}-{Span}-01\r\n" +
            "traceparent: 00-11111111111111111111111111111111-2222222222222222-01\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal(UuidTrace, TraceParentPattern().Match(seen["traceparent"]).Groups["trace"].Value);
    }

    private Task<HttpResponseMessage> SendAsync(params (string Name, string Value)[] headers) =>
        TracedRequest.SendAsync(_router, "traced.test", headers);

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();

    [GeneratedRegex("^00-(?<trace>[0-9a-f]{32})-(?<parent>[0-9a-f]{16})-(?<flags>[0-9a-f]{2})$")]
    internal static partial Regex TraceParentPattern();
}
