namespace Router.Metrics;

/// <summary>
/// The Prometheus page: prometheus-net's text exposition (format 0.0.4) of <see cref="MetricFamilies"/>. Values
/// owned elsewhere (process, runtime, route table, NATS subscription) are read once per scrape, just before it.
/// </summary>
public sealed partial class RouterMetrics
{
    private readonly Prometheus.Counter.Child[] _gcCollections;

    /// <summary>Writes the whole page in the Prometheus text exposition format, version 0.0.4, as UTF-8.</summary>
    /// <param name="destination">Receives the page; it is flushed but not closed.</param>
    /// <param name="cancellationToken">Stops writing, e.g. when the scraper goes away.</param>
    public Task WriteToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return _families.Registry.CollectAndExportAsTextAsync(destination, cancellationToken);
    }

    /// <summary>Runs before every scrape (prometheus-net calls it, possibly for concurrent scrapes at once).</summary>
    private void UpdateScrapeTimeValues()
    {
        var process = _process.Read();
        var families = _families;
        SetIfKnown(families.FileDescriptors, process.FileDescriptors);
        SetIfKnown(families.ProcessOpenFds, process.FileDescriptors);
        SetIfKnown(families.ProcessMaxFds, process.MaxFileDescriptors);
        SetIfKnown(families.ProcessVirtualMemory, process.VirtualMemoryBytes);
        families.ProcessResidentMemory.Set(process.ResidentMemoryBytes);
        families.ProcessStartTime.Set(process.StartTimeUnixSeconds);
        families.Uptime.Set(process.UptimeSeconds);
        families.ProcessCpuSeconds.IncTo(process.CpuSeconds);
        families.GcPauseTime.IncTo(process.GcPauseSeconds);
        families.GcHeapSize.Set(process.GcHeapBytes);
        families.ThreadPoolThreads.Set(process.ThreadPoolThreads);
        families.ThreadPoolQueueLength.Set(process.ThreadPoolQueueLength);
        for (var generation = 0; generation < _gcCollections.Length && generation < process.GcCollections.Count; generation++)
        {
            _gcCollections[generation].IncTo(process.GcCollections[generation]);
        }

        SetIfKnown(families.TotalRoutes, TotalRoutes?.Invoke());
        SetIfKnown(families.MsSinceLastRegistryUpdate, MsSinceLastRegistryUpdate?.Invoke());
        SetIfKnown(families.BufferedMessages, BufferedMessages?.Invoke());
        SetIfKnown(families.TotalDroppedMessages, TotalDroppedMessages?.Invoke());
        IncToIfKnown(families.RoutesPruned, RoutesPrunedTotal);
        IncToIfKnown(families.SyslogDroppedMessages, SyslogDroppedMessages);
        IncToIfKnown(families.SyslogConnectionFailures, SyslogConnectionFailures);
        IncToIfKnown(families.ConfigReloads, ConfigReloads);
        IncToIfKnown(families.ConfigReloadFailures, ConfigReloadFailures);
        IncToIfKnown(families.TraceHeadersMalformed, TraceHeadersMalformed);
        IncToIfKnown(families.OtlpDroppedSpans, OtlpDroppedSpans);
        IncToIfKnown(families.OtlpExportFailures, OtlpExportFailures);
        SetIfKnown(families.RouteSnapshotRestoredEndpoints, RouteSnapshotRestoredEndpoints?.Invoke());
        SetIfKnown(families.RouteSnapshotSkippedEntries, RouteSnapshotSkippedEntries?.Invoke());
        IncToIfKnown(families.RouteSnapshotSaveFailures, RouteSnapshotSaveFailures);
    }

    /// <summary>Brings a counter kept elsewhere up to its total; an unset source leaves the counter as it is.</summary>
    private static void IncToIfKnown(Prometheus.Counter counter, Func<long>? read)
    {
        if (read?.Invoke() is { } total)
        {
            counter.IncTo(total);
        }
    }

    /// <summary>Sets a gauge when the value is known; an unknown one keeps the gauge unpublished (no sample).</summary>
    private static void SetIfKnown(Prometheus.Gauge gauge, double? value)
    {
        if (value is { } known)
        {
            gauge.Set(known);
        }
    }
}
