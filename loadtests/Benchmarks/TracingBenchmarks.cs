using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Router.Configuration;
using Router.Proxying;
using Router.Tracing;

namespace Benchmarks;

/// <summary>
/// What tracing costs a request (docs/tracing.md). <c>Off</c> is the request path with every tracing key off: the
/// null checks <c>ProxyHandler</c> makes. The header cases run <see cref="TracePropagator.Apply"/> on a request's
/// headers, re-set to the incoming values each time (included in the time). The span cases start and end a request
/// span with OTLP on (sampled, and with ratio 0 unsampled); export runs on the exporter's own thread, to a port
/// where nothing listens.
/// </summary>
[MemoryDiagnoser]
public class TracingBenchmarks
{
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private const string TraceState = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

    private readonly HeaderDictionary _headers = new();
    private readonly DefaultHttpContext _context = new();
    private ProxySettings _off = null!;
    private TracePropagator _propagator = null!;
    private OtlpExport _sampled = null!;
    private OtlpExport _unsampled = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tracing = new TracingOptions { EnableZipkin = true, EnableW3C = true };
        _off = new ProxySettings(new RouterOptions());
        _propagator = new TracePropagator(tracing, RequestIds.NextGuid, NullLogger.Instance);
        var otlp = new OtlpOptions { Enabled = true, Endpoint = "http://127.0.0.1:9", Metrics = false };
        _sampled = new OtlpExport(otlp, "Benchmarks.None", NullLogger.Instance);
        _unsampled = new OtlpExport(otlp with { SamplingRatio = 0 }, "Benchmarks.None", NullLogger.Instance);
        _context.Request.Method = "GET";
        _context.Request.Host = new HostString("app.example.com");
        _context.Request.Path = "/orders";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sampled.Dispose();
        _unsampled.Dispose();
    }

    [Benchmark(Baseline = true)]
    public string? Off() => _off.Tracing?.Apply(_headers).RequestId ?? (_off.Spans is null ? null : string.Empty);

    [Benchmark]
    public string HeadersNoIncoming()
    {
        _headers.Clear();
        return _propagator.Apply(_headers).RequestId;
    }

    [Benchmark]
    public string HeadersIncomingTraceparent()
    {
        _headers.Clear();
        _headers[TraceHeaderNames.TraceParent] = TraceParent;
        _headers[TraceHeaderNames.TraceState] = TraceState;
        return _propagator.Apply(_headers).RequestId;
    }

    [Benchmark]
    public string HeadersIncomingB3()
    {
        _headers.Clear();
        _headers[TraceHeaderNames.B3] = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1";
        return _propagator.Apply(_headers).RequestId;
    }

    [Benchmark]
    public void SpanSampled() => Span(_sampled);

    [Benchmark]
    public void SpanUnsampled() => Span(_unsampled);

    private void Span(OtlpExport export)
    {
        var trace = new RequestTrace(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736, 0x00f067aa0ba902b7, 0x00f067aa0ba902b7, null, "id");
        export.Spans!.StartRequest(_context, trace);
        var attempt = export.Spans.StartAttempt(_context, "10.0.1.5", 61001, 0);
        RequestSpans.EndAttempt(attempt, 200, null, null);
        RequestSpans.EndRequest(_context, null);
    }
}
