using System.Buffers;

namespace Router.Metrics;

/// <summary>
/// The Prometheus page. Families are written in ordinal name order and series in label order, as client_golang
/// (behind Gorouter's page) writes them, so two scrapes of the same state are byte-identical. A labelled series
/// appears once it is non-zero, which for counters is exactly client_golang's "created on first use".
/// </summary>
public sealed partial class RouterMetrics
{
    private const string Counter = "counter";
    private const string Gauge = "gauge";
    private const string Histogram = "histogram";

    /// <summary>Writes the whole page in the Prometheus text exposition format, version 0.0.4, as UTF-8.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = new PrometheusTextWriter(writer);
        var process = _process.Read();

        WriteCounter(w, MetricNames.BackendExhaustedConns, MetricHelp.BackendExhaustedConns, ref _backendExhaustedConns);
        WriteCounter(w, MetricNames.BackendInvalidId, MetricHelp.BackendInvalidId, ref _backendInvalidId);
        WriteCounter(w, MetricNames.BackendInvalidTlsCert, MetricHelp.BackendInvalidTlsCert, ref _backendInvalidTlsCert);
        WriteCounter(w, MetricNames.BackendTlsHandshakeFailed, MetricHelp.BackendTlsHandshakeFailed, ref _backendTlsHandshakeFailed);
        WriteCounter(w, MetricNames.BadGateways, MetricHelp.BadGateways, ref _badGateways);
        WriteCallback(w, MetricNames.BufferedMessages, MetricHelp.BufferedMessages, Gauge, BufferedMessages);
        WriteCounter(w, MetricNames.ClientTlsHandshakeFailed, MetricHelp.ClientTlsHandshakeFailed, ref _clientTlsHandshakeFailed);

        w.WriteFamily(MetricNames.GcCollections, MetricHelp.GcCollections, Counter);
        for (var generation = 0; generation < process.GcCollections.Count; generation++)
        {
            w.WriteSample(MetricNames.GcCollections, process.GcCollections[generation], (MetricNames.GenerationLabel, "gen" + generation));
        }

        WriteInteger(w, MetricNames.GcHeapSize, MetricHelp.GcHeapSize, Gauge, process.GcHeapBytes);
        WriteDouble(w, MetricNames.GcPauseTime, MetricHelp.GcPauseTime, Counter, process.GcPauseSeconds);
        WriteInteger(w, MetricNames.ThreadPoolQueueLength, MetricHelp.ThreadPoolQueueLength, Gauge, process.ThreadPoolQueueLength);
        WriteInteger(w, MetricNames.ThreadPoolThreads, MetricHelp.ThreadPoolThreads, Gauge, process.ThreadPoolThreads);
        WriteCounter(w, MetricNames.EmptyContentLengthHeader, MetricHelp.EmptyContentLengthHeader, ref _emptyContentLengthHeaders);
        WriteInteger(w, MetricNames.FileDescriptors, MetricHelp.FileDescriptors, Gauge, process.FileDescriptors);

        w.WriteFamily(MetricNames.RouterTime, MetricHelp.RouterTime, Histogram);
        w.WriteHistogram(MetricNames.RouterTime, _routerTime);

        w.WriteFamily(MetricNames.Latency, MetricHelp.Latency, Histogram);
        foreach (var (component, cells) in _requests.Snapshot())
        {
            if (cells.Latency.ReadCount() > 0)
            {
                w.WriteHistogram(MetricNames.Latency, cells.Latency, (MetricNames.ComponentLabel, component));
            }
        }

        WriteCallback(w, MetricNames.MsSinceLastRegistryUpdate, MetricHelp.MsSinceLastRegistryUpdate, Gauge, MsSinceLastRegistryUpdate);
        WriteDouble(w, MetricNames.ProcessCpuSeconds, MetricHelp.ProcessCpuSeconds, Counter, process.CpuSeconds);
        WriteInteger(w, MetricNames.ProcessMaxFds, MetricHelp.ProcessMaxFds, Gauge, process.MaxFileDescriptors);
        WriteInteger(w, MetricNames.ProcessOpenFds, MetricHelp.ProcessOpenFds, Gauge, process.FileDescriptors);
        WriteInteger(w, MetricNames.ProcessResidentMemory, MetricHelp.ProcessResidentMemory, Gauge, process.ResidentMemoryBytes);
        WriteDouble(w, MetricNames.ProcessStartTime, MetricHelp.ProcessStartTime, Gauge, process.StartTimeUnixSeconds);
        WriteInteger(w, MetricNames.ProcessVirtualMemory, MetricHelp.ProcessVirtualMemory, Gauge, process.VirtualMemoryBytes);

        w.WriteFamily(MetricNames.RegistryMessage, MetricHelp.RegistryMessage, Counter);
        foreach (var (action, component, value) in RegistrationSeries())
        {
            w.WriteSample(MetricNames.RegistryMessage, value, (MetricNames.ActionLabel, action), (MetricNames.ComponentLabel, component));
        }

        WriteCounter(w, MetricNames.RegistryMessageInvalid, MetricHelp.RegistryMessageInvalid, ref _invalidRegistryMessages);
        WriteCounter(w, MetricNames.RejectedRequests, MetricHelp.RejectedRequests, ref _rejectedRequests);
        WriteStatusGroups(w, MetricNames.Responses, MetricHelp.Responses, _responses);
        WriteStatusGroups(w, MetricNames.RouteServiceResponses, MetricHelp.RouteServiceResponses, _routeServiceResponses);

        w.WriteFamily(MetricNames.RouteLookupTime, MetricHelp.RouteLookupTime, Histogram);
        w.WriteHistogram(MetricNames.RouteLookupTime, _routeLookup);
        w.WriteFamily(MetricNames.RouteRegistrationLatency, MetricHelp.RouteRegistrationLatency, Histogram);
        w.WriteHistogram(MetricNames.RouteRegistrationLatency, _registrationLatency);

        WriteCallback(w, MetricNames.RoutesPruned, MetricHelp.RoutesPruned, Counter, RoutesPrunedTotal);
        WriteCallback(w, MetricNames.TotalDroppedMessages, MetricHelp.TotalDroppedMessages, Gauge, TotalDroppedMessages);
        WriteComponentSeries(w, MetricNames.TotalRequests, MetricHelp.TotalRequests, AttemptSeries());
        WriteCallback(w, MetricNames.TotalRoutes, MetricHelp.TotalRoutes, Gauge, TotalRoutes);
        WriteComponentSeries(w, MetricNames.UnregistryMessage, MetricHelp.UnregistryMessage, UnregistrationSeries());
        WriteDouble(w, MetricNames.Uptime, MetricHelp.Uptime, Gauge, process.UptimeSeconds);
        WriteCounter(w, MetricNames.WebSocketFailures, MetricHelp.WebSocketFailures, ref _webSocketFailures);
        WriteCounter(w, MetricNames.WebSocketUpgrades, MetricHelp.WebSocketUpgrades, ref _webSocketUpgrades);
    }

    /// <summary><c>total_requests</c> series: non-zero components in label order.</summary>
    private List<(string Component, long Value)> AttemptSeries()
    {
        var series = new List<(string, long)>();
        foreach (var (component, cells) in _requests.Snapshot())
        {
            AddIfTouched(series, component, cells.ReadAttempts());
        }

        return series;
    }

    /// <summary><c>unregistry_message</c> series: non-zero components in label order.</summary>
    private List<(string Component, long Value)> UnregistrationSeries()
    {
        var series = new List<(string, long)>();
        foreach (var (component, cells) in _registry.Snapshot())
        {
            AddIfTouched(series, component, cells.ReadUnregistered());
        }

        return series;
    }

    /// <summary><c>registry_message</c> series, ordered by action then component (labels sort by name: action first).</summary>
    private List<(string Action, string Component, long Value)> RegistrationSeries()
    {
        var snapshot = _registry.Snapshot();
        var series = new List<(string, string, long)>();
        AddActions(series, snapshot, MetricNames.ActionAdded, static c => c.ReadAdded());
        AddActions(series, snapshot, MetricNames.ActionUnmodified, static c => c.ReadUnmodified());
        AddActions(series, snapshot, MetricNames.ActionUpdated, static c => c.ReadUpdated());
        return series;
    }

    private static void AddActions(
        List<(string, string, long)> series, List<KeyValuePair<string, RegistryCells>> snapshot, string action, Func<RegistryCells, long> read)
    {
        foreach (var (component, cells) in snapshot)
        {
            var value = read(cells);
            if (value != 0)
            {
                series.Add((action, component, value));
            }
        }
    }

    private static void AddIfTouched(List<(string, long)> series, string component, long value)
    {
        if (value != 0)
        {
            series.Add((component, value));
        }
    }

    private static void WriteCounter(PrometheusTextWriter w, string name, string help, ref long cell)
    {
        w.WriteFamily(name, help, Counter);
        w.WriteSample(name, Interlocked.Read(ref cell));
    }

    private static void WriteInteger(PrometheusTextWriter w, string name, string help, string type, long? value)
    {
        w.WriteFamily(name, help, type);
        if (value is { } v)
        {
            w.WriteSample(name, v);
        }
    }

    private static void WriteDouble(PrometheusTextWriter w, string name, string help, string type, double value)
    {
        w.WriteFamily(name, help, type);
        w.WriteSample(name, value);
    }

    private static void WriteCallback(PrometheusTextWriter w, string name, string help, string type, Func<long>? read)
    {
        w.WriteFamily(name, help, type);
        if (read is not null)
        {
            w.WriteSample(name, read());
        }
    }

    private static void WriteCallback(PrometheusTextWriter w, string name, string help, string type, Func<int>? read)
    {
        w.WriteFamily(name, help, type);
        if (read is not null)
        {
            w.WriteSample(name, read());
        }
    }

    private static void WriteCallback(PrometheusTextWriter w, string name, string help, string type, Func<double>? read)
    {
        w.WriteFamily(name, help, type);
        if (read is not null)
        {
            w.WriteSample(name, read());
        }
    }

    private static void WriteComponentSeries(PrometheusTextWriter w, string name, string help, List<(string Component, long Value)> series)
    {
        w.WriteFamily(name, help, Counter);
        foreach (var (component, value) in series)
        {
            w.WriteSample(name, value, (MetricNames.ComponentLabel, component));
        }
    }

    private static void WriteStatusGroups(PrometheusTextWriter w, string name, string help, long[] cells)
    {
        w.WriteFamily(name, help, Counter);
        for (var i = 0; i < cells.Length; i++)
        {
            var value = Interlocked.Read(ref cells[i]);
            if (value != 0)
            {
                w.WriteSample(name, value, (MetricNames.StatusGroupLabel, StatusGroups[i]));
            }
        }
    }
}
