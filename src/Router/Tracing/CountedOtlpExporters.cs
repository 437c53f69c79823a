using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Router.Tracing;

/// <summary>The OTLP span exporter, with each batch's outcome counted and its queue places given back.</summary>
internal sealed class CountedOtlpTraceExporter(OtlpExporterOptions options, ExportCounter counter) : OtlpTraceExporter(options)
{
    /// <summary>The processor whose queue places a finished batch gives back; set once the processor exists.</summary>
    public BoundedSpanProcessor? Queue { get; set; }

    public override ExportResult Export(in Batch<Activity> activityBatch)
    {
        try
        {
            return counter.Count(base.Export(activityBatch));
        }
        finally
        {
            Queue?.Release(activityBatch.Count);
        }
    }
}

/// <summary>The OTLP metric exporter, with each batch's outcome counted.</summary>
internal sealed class CountedOtlpMetricExporter(OtlpExporterOptions options, ExportCounter counter) : OtlpMetricExporter(options)
{
    public override ExportResult Export(in Batch<Metric> metrics) => counter.Count(base.Export(metrics));
}
