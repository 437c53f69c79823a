using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace Router.Tracing;

/// <summary>
/// Counts what happened to the batches of one OTLP signal; the first failure is logged, later ones only counted,
/// so an absent collector does not flood the log. Written on the exporter's background thread.
/// </summary>
internal sealed partial class ExportCounter(string signal, ILogger logger)
{
    private long _exported;
    private long _failed;

    /// <summary>Batches the collector accepted.</summary>
    public long Exported => Interlocked.Read(ref _exported);

    /// <summary>Batches that could not be delivered (collector down, slow or refusing).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public ExportResult Count(ExportResult result)
    {
        if (result == ExportResult.Success)
        {
            Interlocked.Increment(ref _exported);
        }
        else if (Interlocked.Increment(ref _failed) == 1)
        {
            LogExportFailed(logger, signal);
        }

        return result;
    }

    [LoggerMessage(EventId = 1301, EventName = "otlp-export-failed", Level = LogLevel.Warning,
        Message = "OTLP export of {Signal} failed; the collector is down, slow or refusing. Further failures are counted, not logged")]
    private static partial void LogExportFailed(ILogger logger, string signal);
}
