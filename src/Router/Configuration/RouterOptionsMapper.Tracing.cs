namespace Router.Configuration;

/// <summary>Tracing keys: <c>tracing.enable_zipkin</c>, <c>tracing.enable_w3c</c>, <c>tracing.w3c_tenant_id</c>, <c>tracing.otlp.*</c>.</summary>
internal static partial class RouterOptionsMapper
{
    private static TracingOptions MapTracing(ConfigBinder b, TracingOptions d) => new()
    {
        EnableZipkin = b.Bool("tracing.enable_zipkin", d.EnableZipkin),
        EnableW3C = b.Bool("tracing.enable_w3c", d.EnableW3C),
        W3CTenantId = b.String("tracing.w3c_tenant_id", d.W3CTenantId),
        Otlp = MapOtlp(b, d.Otlp),
    };

    private static OtlpOptions MapOtlp(ConfigBinder b, OtlpOptions d) => new()
    {
        Enabled = b.Bool("tracing.otlp.enabled", d.Enabled),
        Endpoint = b.String("tracing.otlp.endpoint", d.Endpoint),
        Traces = b.Bool("tracing.otlp.traces", d.Traces),
        Metrics = b.Bool("tracing.otlp.metrics", d.Metrics),
        SamplingRatio = b.Double("tracing.otlp.sampling_ratio", d.SamplingRatio),
        MaxQueueSize = b.Int("tracing.otlp.max_queue_size", d.MaxQueueSize),
        ExportInterval = b.Duration("tracing.otlp.export_interval", d.ExportInterval),
        MetricsInterval = b.Duration("tracing.otlp.metrics_interval", d.MetricsInterval),
        Timeout = b.Duration("tracing.otlp.timeout", d.Timeout),
        ServiceName = b.String("tracing.otlp.service_name", d.ServiceName),
    };
}
