using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Router.Configuration;

namespace Router.Tracing;

/// <summary>
/// OTLP/HTTP (protobuf) export of the router's spans and of the <c>Router</c> meter, the same instruments the
/// Prometheus page is read from (docs/tracing.md). Spans wait in a bounded queue (<c>tracing.otlp.max_queue_size</c>)
/// that a background thread drains; when it is full new spans are dropped, so a slow or absent collector never
/// holds a request or grows memory. Export failures are counted and the first one logged.
/// </summary>
internal sealed class OtlpExport : IDisposable
{
    private readonly TracerProvider? _tracer;
    private readonly MeterProvider? _meter;

    public OtlpExport(OtlpOptions options, string meterName, ILogger logger)
    {
        var resource = ResourceBuilder.CreateEmpty().AddService(options.ServiceName);
        var baseUri = options.Endpoint.TrimEnd('/');
        if (options.Traces)
        {
            var ratio = new TraceIdRatioBasedSampler(options.SamplingRatio);
            Spans = new RequestSpans(traceId => ratio.ShouldSample(
                new SamplingParameters(default, traceId, RequestSpans.RequestSpanName, ActivityKind.Server)).Decision == SamplingDecision.RecordAndSample);
            SpanExports = new ExportCounter("traces", logger);
            var exporter = new CountedOtlpTraceExporter(Exporter(baseUri + "/v1/traces", options), SpanExports);
            SpanQueue = new BoundedSpanProcessor(
                exporter, options.MaxQueueSize, Milliseconds(options.ExportInterval), Milliseconds(options.Timeout));
            exporter.Queue = SpanQueue;
            _tracer = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .AddSource(RequestSpans.SourceName)
                .SetSampler(new ParentBasedSampler(ratio))
                .AddProcessor(SpanQueue)
                .Build();
        }

        if (options.Metrics)
        {
            MetricExports = new ExportCounter("metrics", logger);
            var exporter = new CountedOtlpMetricExporter(Exporter(baseUri + "/v1/metrics", options), MetricExports);
            _meter = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter(meterName)
                .AddReader(new PeriodicExportingMetricReader(exporter, Milliseconds(options.MetricsInterval), Milliseconds(options.Timeout))
                {
                    TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
                })
                .Build();
        }
    }

    /// <summary>The request and attempt spans; null when traces are not exported.</summary>
    public RequestSpans? Spans { get; }

    /// <summary>Span batches sent and failed; null when traces are not exported.</summary>
    public ExportCounter? SpanExports { get; }

    /// <summary>The span queue, with the count of spans dropped when it was full; null when traces are not exported.</summary>
    public BoundedSpanProcessor? SpanQueue { get; }

    /// <summary>Metric batches sent and failed; null when metrics are not exported.</summary>
    public ExportCounter? MetricExports { get; }

    /// <summary>Sends what is queued, waiting at most <paramref name="timeout"/>.</summary>
    public void Flush(TimeSpan timeout)
    {
        _tracer?.ForceFlush(Milliseconds(timeout));
        _meter?.ForceFlush(Milliseconds(timeout));
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
        Spans?.Dispose();
    }

    private static OtlpExporterOptions Exporter(string endpoint, OtlpOptions options) => new()
    {
        Endpoint = new Uri(endpoint),
        Protocol = OtlpExportProtocol.HttpProtobuf,
        TimeoutMilliseconds = Milliseconds(options.Timeout),
    };

    private static int Milliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 1, int.MaxValue);
}
