using System.Diagnostics;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tracing;

/// <summary>
/// <c>tracing.otlp</c> (docs/tracing.md): spans and metrics decoded from what the router sends to a real OTLP/HTTP
/// receiver, sampling, and requests unaffected by a collector that is down or slow.
/// </summary>
public sealed class OtlpExportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string IncomingTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string IncomingParent = "00f067aa0ba902b7";

    private OtlpReceiver _receiver = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _backend = await TestBackend.StartAsync("exported");
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Spans_IncomingTraceparent_RequestSpanUnderItAndAttemptSpanUnderRequest()
    {
        await using var router = await StartAsync(_receiver.Endpoint, "  enable_w3c: true");

        using var response = await SendAsync(router, ("traceparent", $"00-{IncomingTrace}-{IncomingParent}-01"));
        router.Host.Otlp!.Flush(TimeSpan.FromSeconds(5));

        var (request, attempt) = await RequestAndAttemptAsync(IncomingTrace);
        Assert.Equal(IncomingParent, request.ParentSpanId);
        Assert.Equal(2, request.Kind);
        Assert.Equal("200", request.Attributes["http.response.status_code"]);
        Assert.Equal("exported.test", request.Attributes["server.address"]);
        Assert.Equal(request.SpanId, attempt.ParentSpanId);
        Assert.Equal(3, attempt.Kind);
        Assert.Equal("127.0.0.1", attempt.Attributes["server.address"]);
        Assert.Equal(_backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), attempt.Attributes["server.port"]);
        Assert.Equal("200", attempt.Attributes["http.response.status_code"]);
        Assert.Equal("gorouter", _receiver.Resources.First()["service.name"]);

        // The backend's parent is the router's request span, so its own spans hang under it.
        Assert.Equal($"00-{IncomingTrace}-{request.SpanId}-01", _backend.ReceivedHeaders.Single()["traceparent"]);
        Assert.StartsWith($"gorouter={request.SpanId}", _backend.ReceivedHeaders.Single()["tracestate"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spans_B3Multi_RequestSpanUnderB3SpanAndRequestIdIsTraceId()
    {
        const string trace = "5c1e6f3a1b2c4d5e8f90a1b2c3d4e5f6";
        const string span = "a1b2c3d4e5f60718";
        await using var router = await StartAsync(_receiver.Endpoint, "  enable_zipkin: true");

        using var response = await SendAsync(router, ("X-B3-TraceId", trace), ("X-B3-SpanId", span), ("X-B3-Sampled", "1"));
        router.Host.Otlp!.Flush(TimeSpan.FromSeconds(5));

        var (request, _) = await RequestAndAttemptAsync(trace);
        Assert.Equal(span, request.ParentSpanId);
        Assert.Equal("5c1e6f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6", request.Attributes["cf.request_id"]);
    }

    [Fact]
    public async Task Spans_NoTraceHeadersAndHeadersOff_RootSpanCarriesRequestId()
    {
        await using var router = await StartAsync(_receiver.Endpoint);

        using var response = await SendAsync(router);
        router.Host.Otlp!.Flush(TimeSpan.FromSeconds(5));

        var requestId = _backend.ReceivedHeaders.Single()["X-Vcap-Request-Id"];
        var (request, _) = await RequestAndAttemptAsync(requestId.Replace("-", "", StringComparison.Ordinal));
        Assert.Equal(string.Empty, request.ParentSpanId);
        Assert.False(_backend.ReceivedHeaders.Single().ContainsKey("traceparent"));
    }

    [Fact]
    public async Task Spans_FirstEndpointDead_FailedAttemptSpanHasRetryReason()
    {
        var dead = await TestBackend.StartAsync("dead");
        var deadPort = dead.Port;
        await dead.DisposeAsync();
        await using var router = await StartAsync(_receiver.Endpoint, extraYaml: "backends:\n  max_attempts: 2");
        router.RouteTable.Register(dead.Registration("exported.test"));

        // Round-robin reaches the dead endpoint first within two requests.
        for (var i = 0; i < 2; i++)
        {
            using var response = await SendAsync(router);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        router.Host.Otlp!.Flush(TimeSpan.FromSeconds(5));
        await Eventually.Until("a failed attempt span arrives", () => _receiver.Spans.Any(s => s.Attributes.ContainsKey("error.type")));
        var failed = _receiver.Spans.First(s => s.Attributes.ContainsKey("error.type"));
        Assert.Equal(deadPort.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Attributes["server.port"]);
        Assert.Equal(2, failed.StatusCode);
        Assert.Contains("connection refused", failed.Attributes["cf.retry_reason"], StringComparison.OrdinalIgnoreCase);
        var retried = _receiver.Spans.Single(s => s.ParentSpanId == failed.ParentSpanId && s.SpanId != failed.SpanId);
        Assert.Equal("200", retried.Attributes["http.response.status_code"]);
        Assert.Equal("2", retried.Attributes["cf.attempt"]);
    }

    [Fact]
    public async Task Spans_RatioZero_OnlyRequestsArrivingSampledAreExported()
    {
        await using var router = await StartAsync(_receiver.Endpoint, "  enable_w3c: true", "    sampling_ratio: 0");

        using (await SendAsync(router))
        {
        }

        using (await SendAsync(router, ("traceparent", $"00-{IncomingTrace}-{IncomingParent}-00")))
        {
        }

        using (await SendAsync(router, ("traceparent", $"00-{IncomingTrace[..^1]}1-{IncomingParent}-01")))
        {
        }

        router.Host.Otlp!.Flush(TimeSpan.FromSeconds(5));
        await Eventually.Until("the sampled request's spans arrive", () => _receiver.Spans.Count >= 2);
        Assert.All(_receiver.Spans, s => Assert.Equal($"{IncomingTrace[..^1]}1", s.TraceId));
        Assert.Equal(2, _receiver.Spans.Count);
    }

    [Fact]
    public async Task Metrics_Exported_SameCountersAsThePrometheusPage()
    {
        await using var router = await StartAsync(_receiver.Endpoint, otlpYaml: "    traces: false\n    metrics_interval: 100ms");

        using var response = await SendAsync(router);

        // One batch holds every instrument that has a value: both request counters have one after a request.
        await Eventually.Until(
            "a metric batch counts the request and its response",
            () => _receiver.MetricBatches.Any(b =>
                b.TryGetValue("responses", out var responses) && responses >= 1 &&
                b.TryGetValue("total_requests", out var requests) && requests >= 1));
        Assert.Null(router.Host.Otlp!.Spans);
    }

    [Fact]
    public async Task Requests_CollectorDown_AnsweredAndFailuresCounted()
    {
        var down = $"http://127.0.0.1:{FreePort.Next()}";
        await using var router = await StartAsync(down, "  enable_w3c: true", "    metrics_interval: 100ms\n    timeout: 500ms");

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            using var response = await SendAsync(router);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        output.WriteLine($"20 requests with the collector down: {watch.ElapsedMilliseconds} ms");
        router.Host.Otlp!.Flush(TimeSpan.FromSeconds(2));
        await Eventually.Until("failed exports are counted", () => router.Host.Otlp!.SpanExports!.Failed >= 1 && router.Host.Otlp.MetricExports!.Failed >= 1);
        Assert.Equal(0, router.Host.Otlp!.SpanExports!.Exported);
        Assert.True(router.Host.Metrics.OtlpExportFailures!() >= 2);
    }

    [Fact]
    public async Task Requests_CollectorSlowAndQueueFull_SpansDroppedAndCounted()
    {
        await using var slow = await OtlpReceiver.StartAsync(delay: TimeSpan.FromSeconds(30));
        await using var router = await StartAsync(slow.Endpoint, otlpYaml: "    timeout: 5s\n    max_queue_size: 4\n    metrics: false");

        // The first batch (at most four spans) hangs in the slow collector; every span after it finds the queue full.
        for (var i = 0; i < 20; i++)
        {
            using var response = await SendAsync(router).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        // 20 requests end 40 spans; the queue holds 4 and the export in flight 4 more until its 5 s timeout.
        await Eventually.Until("spans beyond the queue are dropped", () => router.Host.Otlp!.SpanQueue!.Dropped >= 1);
        Assert.True(router.Host.Metrics.OtlpDroppedSpans!() >= 1);
    }

    [Fact]
    public async Task Requests_CollectorSlowerThanTimeout_AnsweredWithoutWaitingForIt()
    {
        await using var slow = await OtlpReceiver.StartAsync(delay: TimeSpan.FromSeconds(30));
        await using var router = await StartAsync(slow.Endpoint, otlpYaml: "    timeout: 200ms\n    metrics: false");

        for (var i = 0; i < 20; i++)
        {
            using var response = await SendAsync(router).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.Until("a timed-out export is counted", () => router.Host.Otlp!.SpanExports!.Failed >= 1);
    }

    private async Task<(ReceivedSpan Request, ReceivedSpan Attempt)> RequestAndAttemptAsync(string traceId)
    {
        await Eventually.Until(
            "the request and attempt spans arrive",
            () => _receiver.Spans.Count(s => s.TraceId == traceId) >= 2);
        var spans = _receiver.Spans.Where(s => s.TraceId == traceId).ToList();
        return (spans.Single(s => s.Name == "proxy request"), spans.Single(s => s.Name == "backend attempt"));
    }

    private async Task<RouterTestEnvironment> StartAsync(string endpoint, string tracingYaml = "", string otlpYaml = "", string extraYaml = "")
    {
        var yaml = $"tracing:\n{tracingYaml}\n  otlp:\n    enabled: true\n    endpoint: {endpoint}\n    export_interval: 50ms\n{otlpYaml}\n{extraYaml}";
        var router = await RouterTestEnvironment.StartAsync(yaml, output: output);
        router.Register(_backend, "exported.test");
        return router;
    }

    private static Task<HttpResponseMessage> SendAsync(RouterTestEnvironment router, params (string Name, string Value)[] headers) =>
        TracedRequest.SendAsync(router, "exported.test", headers);
}
