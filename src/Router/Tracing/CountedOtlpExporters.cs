using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Router.Tracing;

/// <summary>The OTLP span exporter, with each batch's outcome counted.</summary>
internal sealed class CountedOtlpTraceExporter(OtlpExporterOptions options, ExportCounter counter) : OtlpTraceExporter(options)
{
    public override ExportResult Export(in Batch<Activity> activityBatch) => counter.Count(base.Export(activityBatch));
}

/// <summary>The OTLP metric exporter, with each batch's outcome counted.</summary>
internal sealed class CountedOtlpMetricExporter(OtlpExporterOptions options, ExportCounter counter) : OtlpMetricExporter(options)
{
    public override ExportResult Export(in Batch<Metric> metrics) => counter.Count(base.Export(metrics));
}
