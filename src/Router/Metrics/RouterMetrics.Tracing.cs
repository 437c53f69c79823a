namespace Router.Metrics;

/// <summary>The tracing parts (<c>tracing.*</c>), read at scrape time; each stays without a sample while its part is off.</summary>
public sealed partial class RouterMetrics
{
    /// <summary>Malformed B3 or W3C request headers since start (<c>trace_headers_malformed</c>, a counter).</summary>
    public Func<long>? TraceHeadersMalformed { get; set; }

    /// <summary>Spans dropped because the OTLP export queue was full (<c>otlp_dropped_spans</c>).</summary>
    public Func<long>? OtlpDroppedSpans { get; set; }

    /// <summary>OTLP export batches, spans and metrics, that failed (<c>otlp_export_failures</c>).</summary>
    public Func<long>? OtlpExportFailures { get; set; }
}
