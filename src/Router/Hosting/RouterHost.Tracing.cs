using Microsoft.Extensions.Logging;
using Router.Metrics;
using Router.Proxying;
using Router.Tracing;

namespace Router.Hosting;

/// <summary>The tracing parts of the host, built only when their keys turn them on.</summary>
internal sealed partial class RouterHost
{
    private OtlpExport? _otlp;

    /// <summary>OTLP export of spans and metrics; null unless <c>tracing.otlp.enabled</c>.</summary>
    internal OtlpExport? Otlp => _otlp;

    /// <summary>Proxy settings with the trace headers and, when exported, spans.</summary>
    private ProxySettings CreateProxySettings()
    {
        var otlp = _options.Tracing.Otlp;
        if (otlp.Enabled)
        {
            _otlp = new OtlpExport(otlp, RouterMetrics.MeterName, LoggerFactory.CreateLogger<OtlpExport>());
        }

        // Spans need the request's trace even with both header families off: the router then starts one per request.
        var spans = _otlp?.Spans;
        var propagator = _options.Tracing.HeadersEnabled || spans is not null
            ? new TracePropagator(_options.Tracing, RequestIds.NextGuid, LoggerFactory.CreateLogger<TracePropagator>())
            : null;
        Metrics.TraceHeadersMalformed = propagator is null || !_options.Tracing.HeadersEnabled ? null : () => propagator.MalformedHeaders;
        if (_otlp is { } export)
        {
            Metrics.OtlpDroppedSpans = export.SpanQueue is { } queue ? () => queue.Dropped : null;
            Metrics.OtlpExportFailures = () => (export.SpanExports?.Failed ?? 0) + (export.MetricExports?.Failed ?? 0);
        }

        return new ProxySettings(_options) { Tracing = propagator, Spans = spans };
    }

    /// <summary>Sends what is queued (bounded by <c>tracing.otlp.timeout</c>) and stops the exporters.</summary>
    private void DisposeOtlp()
    {
        _otlp?.Dispose();
        _otlp = null;
    }
}
