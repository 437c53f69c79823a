namespace Router.Configuration;

/// <summary>
/// OTLP export of spans and metrics (<c>tracing.otlp.*</c>, keys of this router; Gorouter has no OTLP export).
/// Off by default; see docs/tracing.md.
/// </summary>
public sealed record OtlpOptions
{
    /// <summary>Export over OTLP/HTTP with protobuf (<c>tracing.otlp.enabled</c>). Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>
    /// Base URL of the collector (<c>tracing.otlp.endpoint</c>); spans go to <c>/v1/traces</c> and metrics to
    /// <c>/v1/metrics</c> below it. Default <c>http://127.0.0.1:4318</c>.
    /// </summary>
    public string Endpoint { get; init; } = "http://127.0.0.1:4318";

    /// <summary>Export one span per request and one per backend attempt (<c>tracing.otlp.traces</c>). Default true.</summary>
    public bool Traces { get; init; } = true;

    /// <summary>Export the router's metrics (<c>tracing.otlp.metrics</c>). Default true.</summary>
    public bool Metrics { get; init; } = true;

    /// <summary>
    /// Share of new traces that are recorded, 0 to 1 (<c>tracing.otlp.sampling_ratio</c>); a request that arrives
    /// with a sampling decision keeps it (parent-based). Default 1.
    /// </summary>
    public double SamplingRatio { get; init; } = 1.0;

    /// <summary>Spans waiting for export at most; more are dropped (<c>tracing.otlp.max_queue_size</c>). Default 2048.</summary>
    public int MaxQueueSize { get; init; } = 2048;

    /// <summary>Longest wait between span exports (<c>tracing.otlp.export_interval</c>). Default 5 s.</summary>
    public TimeSpan ExportInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between metric exports (<c>tracing.otlp.metrics_interval</c>). Default 30 s.</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time an export may take before it is abandoned (<c>tracing.otlp.timeout</c>). Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>service.name</c> resource attribute (<c>tracing.otlp.service_name</c>). Default <c>gorouter</c>.</summary>
    public string ServiceName { get; init; } = "gorouter";
}
