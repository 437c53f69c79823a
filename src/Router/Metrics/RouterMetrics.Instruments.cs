using System.Diagnostics.Metrics;

namespace Router.Metrics;

/// <summary>
/// The <see cref="MeterName"/> meter. Counters and gauges are observable instruments reading the Prometheus
/// series, so the request path pays nothing for them; histograms are real <see cref="Histogram{T}"/>s recorded
/// only while someone listens (<see cref="Instrument.Enabled"/>), with Gorouter's buckets as advice.
/// Process and runtime values are left to the runtime's own <c>System.Runtime</c> meter.
/// </summary>
public sealed partial class RouterMetrics
{
    private readonly Histogram<double> _latencyInstrument;
    private readonly Histogram<double> _routerTimeInstrument;
    private readonly Histogram<double> _routeLookupInstrument;
    private readonly Histogram<double> _registrationLatencyInstrument;

    private (Histogram<double> Latency, Histogram<double> RouterTime, Histogram<double> RouteLookup, Histogram<double> RegistrationLatency) CreateInstruments()
    {
        var meter = Meter;
        meter.CreateObservableCounter(MetricNames.TotalRequests, ObserveAttempts, "{request}", MetricHelp.TotalRequests);
        meter.CreateObservableCounter(MetricNames.Responses, () => ObserveStatusGroups(_responses), "{response}", MetricHelp.Responses);
        meter.CreateObservableCounter(
            MetricNames.ResponsesRouteServices, () => ObserveStatusGroups(_routeServiceResponses), "{response}", MetricHelp.ResponsesRouteServices);

        meter.CreateObservableCounter(MetricNames.BadGateways, () => Count(_families.BadGateways), "{response}", MetricHelp.BadGateways);
        meter.CreateObservableCounter(MetricNames.RejectedRequests, () => Count(_families.RejectedRequests), "{request}", MetricHelp.RejectedRequests);
        meter.CreateObservableCounter(
            MetricNames.BackendExhaustedConns, () => Count(_families.BackendExhaustedConns), "{request}", MetricHelp.BackendExhaustedConns);
        meter.CreateObservableCounter(MetricNames.BackendInvalidId, () => Count(_families.BackendInvalidId), "{error}", MetricHelp.BackendInvalidId);
        meter.CreateObservableCounter(
            MetricNames.BackendInvalidTlsCert, () => Count(_families.BackendInvalidTlsCert), "{error}", MetricHelp.BackendInvalidTlsCert);
        meter.CreateObservableCounter(
            MetricNames.BackendTlsHandshakeFailed, () => Count(_families.BackendTlsHandshakeFailed), "{error}", MetricHelp.BackendTlsHandshakeFailed);
        meter.CreateObservableCounter(
            MetricNames.ClientTlsHandshakeFailed, () => Count(_families.ClientTlsHandshakeFailed), "{connection}", MetricHelp.ClientTlsHandshakeFailed);
        meter.CreateObservableCounter(MetricNames.WebSocketUpgrades, () => Count(_families.WebSocketUpgrades), "{upgrade}", MetricHelp.WebSocketUpgrades);
        meter.CreateObservableCounter(MetricNames.WebSocketFailures, () => Count(_families.WebSocketFailures), "{failure}", MetricHelp.WebSocketFailures);

        meter.CreateObservableCounter(MetricNames.RegistryMessage, ObserveRegistrations, "{message}", MetricHelp.RegistryMessage);
        meter.CreateObservableCounter(MetricNames.UnregistryMessage, ObserveUnregistrations, "{message}", MetricHelp.UnregistryMessage);
        meter.CreateObservableCounter(
            MetricNames.RegistryMessageInvalid, () => Count(_families.RegistryMessageInvalid), "{message}", MetricHelp.RegistryMessageInvalid);
        meter.CreateObservableCounter(MetricNames.NatsDisconnects, () => Count(_families.NatsDisconnects), "{disconnect}", MetricHelp.NatsDisconnects);
        meter.CreateObservableCounter(MetricNames.NatsReconnects, () => Count(_families.NatsReconnects), "{reconnect}", MetricHelp.NatsReconnects);
        meter.CreateObservableCounter(MetricNames.RoutesPruned, () => Observe(RoutesPrunedTotal), "{endpoint}", MetricHelp.RoutesPruned);
        meter.CreateObservableCounter(
            MetricNames.SyslogDroppedMessages, () => Observe(SyslogDroppedMessages), "{message}", MetricHelp.SyslogDroppedMessages);
        meter.CreateObservableCounter(
            MetricNames.SyslogConnectionFailures, () => Observe(SyslogConnectionFailures), "{failure}", MetricHelp.SyslogConnectionFailures);
        meter.CreateObservableCounter(
            MetricNames.TraceHeadersMalformed, () => Observe(TraceHeadersMalformed), "{header}", MetricHelp.TraceHeadersMalformed);
        meter.CreateObservableCounter(MetricNames.OtlpDroppedSpans, () => Observe(OtlpDroppedSpans), "{span}", MetricHelp.OtlpDroppedSpans);
        meter.CreateObservableCounter(MetricNames.OtlpExportFailures, () => Observe(OtlpExportFailures), "{batch}", MetricHelp.OtlpExportFailures);
        meter.CreateObservableGauge(
            MetricNames.RouteSnapshotRestoredEndpoints, () => Observe(RouteSnapshotRestoredEndpoints), "{endpoint}", MetricHelp.RouteSnapshotRestoredEndpoints);
        meter.CreateObservableGauge(
            MetricNames.RouteSnapshotSkippedEntries, () => Observe(RouteSnapshotSkippedEntries), "{entry}", MetricHelp.RouteSnapshotSkippedEntries);
        meter.CreateObservableCounter(
            MetricNames.RouteSnapshotSaveFailures, () => Observe(RouteSnapshotSaveFailures), "{failure}", MetricHelp.RouteSnapshotSaveFailures);
        meter.CreateObservableCounter(MetricNames.ConfigReloads, () => Observe(ConfigReloads), "{reload}", MetricHelp.ConfigReloads);
        meter.CreateObservableCounter(
            MetricNames.ConfigReloadFailures, () => Observe(ConfigReloadFailures), "{reload}", MetricHelp.ConfigReloadFailures);
        meter.CreateObservableGauge(MetricNames.TotalRoutes, () => Observe(TotalRoutes), "{route}", MetricHelp.TotalRoutes);
        meter.CreateObservableGauge(
            MetricNames.MsSinceLastRegistryUpdate, () => Observe(MsSinceLastRegistryUpdate), "ms", MetricHelp.MsSinceLastRegistryUpdate);
        meter.CreateObservableGauge(MetricNames.BufferedMessages, () => Observe(BufferedMessages), "{message}", MetricHelp.BufferedMessages);
        meter.CreateObservableGauge(MetricNames.TotalDroppedMessages, () => Observe(TotalDroppedMessages), "{message}", MetricHelp.TotalDroppedMessages);
        meter.CreateObservableGauge(
            MetricNames.FileDescriptors, () => Observe(ProcessMetrics.CountFileDescriptors), "{file}", MetricHelp.FileDescriptors);

        return (
            CreateHistogram(meter, MetricNames.Latency, "ms", MetricHelp.Latency, HistogramBuckets.LatencyMilliseconds),
            CreateHistogram(meter, MetricNames.RouterTime, "ms", MetricHelp.RouterTime, HistogramBuckets.RouterTimeMilliseconds),
            CreateHistogram(meter, MetricNames.RouteLookupTime, "ns", MetricHelp.RouteLookupTime, HistogramBuckets.RouteLookupNanoseconds),
            CreateHistogram(
                meter, MetricNames.RouteRegistrationLatency, "ms", MetricHelp.RouteRegistrationLatency, HistogramBuckets.RegistrationLatencyMilliseconds));
    }

    private static Histogram<double> CreateHistogram(Meter meter, string name, string unit, string description, ReadOnlySpan<double> buckets) =>
        meter.CreateHistogram(name, unit, description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets.ToArray() });

    private static Measurement<T>[] Observe<T>(Func<T>? read)
        where T : struct =>
        read is null ? [] : [new Measurement<T>(read())];

    private static Measurement<int>[] Observe(Func<int?> read) =>
        read() is { } value ? [new Measurement<int>(value)] : [];

    private static long Count(Prometheus.Counter counter) => (long)counter.Value;

    private static List<Measurement<long>> ObserveStatusGroups(Prometheus.Counter.Child[] series)
    {
        var measurements = new List<Measurement<long>>(series.Length);
        for (var i = 0; i < series.Length; i++)
        {
            var value = (long)series[i].Value;
            if (value != 0)
            {
                measurements.Add(new Measurement<long>(value, new KeyValuePair<string, object?>(MetricNames.StatusGroupLabel, StatusGroups[i])));
            }
        }

        return measurements;
    }

    private List<Measurement<long>> ObserveAttempts() => ByComponent(_requests, static cells => cells.Attempts.Value);

    private List<Measurement<long>> ObserveUnregistrations() => ByComponent(_registry, static cells => cells.Unregistered.Value);

    private List<Measurement<long>> ObserveRegistrations()
    {
        var measurements = new List<Measurement<long>>();
        foreach (var (component, cells) in _registry.Snapshot())
        {
            AddRegistration(measurements, MetricNames.ActionAdded, component, cells.Added.Value);
            AddRegistration(measurements, MetricNames.ActionUnmodified, component, cells.Unmodified.Value);
            AddRegistration(measurements, MetricNames.ActionUpdated, component, cells.Updated.Value);
        }

        return measurements;
    }

    private static void AddRegistration(List<Measurement<long>> measurements, string action, string component, double value)
    {
        if (value != 0)
        {
            measurements.Add(new Measurement<long>(
                (long)value,
                new KeyValuePair<string, object?>(MetricNames.ActionLabel, action),
                new KeyValuePair<string, object?>(MetricNames.ComponentLabel, component)));
        }
    }

    /// <summary>One measurement per component whose series is non-zero, labelled with the component.</summary>
    private static List<Measurement<long>> ByComponent<TCells>(ComponentTable<TCells> table, Func<TCells, double> read)
        where TCells : class
    {
        var measurements = new List<Measurement<long>>();
        foreach (var (component, cells) in table.Snapshot())
        {
            var value = (long)read(cells);
            if (value != 0)
            {
                measurements.Add(new Measurement<long>(value, new KeyValuePair<string, object?>(MetricNames.ComponentLabel, component)));
            }
        }

        return measurements;
    }
}
