using System.Diagnostics.Metrics;

namespace Router.Metrics;

/// <summary>
/// The <see cref="MeterName"/> meter. Counters and gauges are observable instruments reading the Prometheus
/// cells, so the request path pays nothing for them; histograms are real <see cref="Histogram{T}"/>s recorded
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
            MetricNames.RouteServiceResponses, () => ObserveStatusGroups(_routeServiceResponses), "{response}", MetricHelp.RouteServiceResponses);

        meter.CreateObservableCounter(MetricNames.BadGateways, () => Interlocked.Read(ref _badGateways), "{response}", MetricHelp.BadGateways);
        meter.CreateObservableCounter(MetricNames.RejectedRequests, () => Interlocked.Read(ref _rejectedRequests), "{request}", MetricHelp.RejectedRequests);
        meter.CreateObservableCounter(
            MetricNames.BackendExhaustedConns, () => Interlocked.Read(ref _backendExhaustedConns), "{request}", MetricHelp.BackendExhaustedConns);
        meter.CreateObservableCounter(MetricNames.BackendInvalidId, () => Interlocked.Read(ref _backendInvalidId), "{error}", MetricHelp.BackendInvalidId);
        meter.CreateObservableCounter(
            MetricNames.BackendInvalidTlsCert, () => Interlocked.Read(ref _backendInvalidTlsCert), "{error}", MetricHelp.BackendInvalidTlsCert);
        meter.CreateObservableCounter(
            MetricNames.BackendTlsHandshakeFailed, () => Interlocked.Read(ref _backendTlsHandshakeFailed), "{error}", MetricHelp.BackendTlsHandshakeFailed);
        meter.CreateObservableCounter(
            MetricNames.ClientTlsHandshakeFailed, () => Interlocked.Read(ref _clientTlsHandshakeFailed), "{connection}", MetricHelp.ClientTlsHandshakeFailed);
        meter.CreateObservableCounter(
            MetricNames.EmptyContentLengthHeader, () => Interlocked.Read(ref _emptyContentLengthHeaders), "{request}", MetricHelp.EmptyContentLengthHeader);
        meter.CreateObservableCounter(MetricNames.WebSocketUpgrades, () => Interlocked.Read(ref _webSocketUpgrades), "{upgrade}", MetricHelp.WebSocketUpgrades);
        meter.CreateObservableCounter(MetricNames.WebSocketFailures, () => Interlocked.Read(ref _webSocketFailures), "{failure}", MetricHelp.WebSocketFailures);

        meter.CreateObservableCounter(MetricNames.RegistryMessage, ObserveRegistrations, "{message}", MetricHelp.RegistryMessage);
        meter.CreateObservableCounter(MetricNames.UnregistryMessage, ObserveUnregistrations, "{message}", MetricHelp.UnregistryMessage);
        meter.CreateObservableCounter(
            MetricNames.RegistryMessageInvalid, () => Interlocked.Read(ref _invalidRegistryMessages), "{message}", MetricHelp.RegistryMessageInvalid);
        meter.CreateObservableCounter(MetricNames.RoutesPruned, () => Observe(RoutesPrunedTotal), "{endpoint}", MetricHelp.RoutesPruned);
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

    private static List<Measurement<long>> ObserveStatusGroups(long[] cells)
    {
        var measurements = new List<Measurement<long>>(cells.Length);
        for (var i = 0; i < cells.Length; i++)
        {
            var value = Interlocked.Read(ref cells[i]);
            if (value != 0)
            {
                measurements.Add(new Measurement<long>(value, new KeyValuePair<string, object?>(MetricNames.StatusGroupLabel, StatusGroups[i])));
            }
        }

        return measurements;
    }

    private List<Measurement<long>> ObserveAttempts() => ByComponent(AttemptSeries());

    private List<Measurement<long>> ObserveUnregistrations() => ByComponent(UnregistrationSeries());

    private List<Measurement<long>> ObserveRegistrations() =>
        RegistrationSeries().ConvertAll(static s => new Measurement<long>(
            s.Value,
            new KeyValuePair<string, object?>(MetricNames.ActionLabel, s.Action),
            new KeyValuePair<string, object?>(MetricNames.ComponentLabel, s.Component)));

    private static List<Measurement<long>> ByComponent(List<(string Component, long Value)> series) =>
        series.ConvertAll(static s => new Measurement<long>(s.Value, new KeyValuePair<string, object?>(MetricNames.ComponentLabel, s.Component)));
}
