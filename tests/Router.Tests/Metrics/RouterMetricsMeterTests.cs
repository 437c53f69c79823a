using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Router.Metrics;

namespace Router.Tests.Metrics;

public class RouterMetricsMeterTests
{
    private static readonly string[] GorouterInstruments =
    [
        MetricNames.TotalRequests, MetricNames.Responses, MetricNames.ResponsesRouteServices, MetricNames.Latency,
        MetricNames.RouterTime, MetricNames.RouteLookupTime, MetricNames.BadGateways, MetricNames.RejectedRequests,
        MetricNames.BackendExhaustedConns, MetricNames.BackendInvalidId, MetricNames.BackendInvalidTlsCert,
        MetricNames.BackendTlsHandshakeFailed, MetricNames.WebSocketUpgrades,
        MetricNames.WebSocketFailures, MetricNames.RegistryMessage, MetricNames.UnregistryMessage,
        MetricNames.RegistryMessageInvalid, MetricNames.RoutesPruned, MetricNames.TotalRoutes,
        MetricNames.MsSinceLastRegistryUpdate, MetricNames.RouteRegistrationLatency, MetricNames.BufferedMessages,
        MetricNames.TotalDroppedMessages, MetricNames.FileDescriptors, MetricNames.ClientTlsHandshakeFailed,
        MetricNames.NatsDisconnects, MetricNames.NatsReconnects,
        MetricNames.SyslogDroppedMessages, MetricNames.SyslogConnectionFailures,
        MetricNames.TraceHeadersMalformed, MetricNames.OtlpDroppedSpans, MetricNames.OtlpExportFailures,
        MetricNames.RouteSnapshotRestoredEndpoints, MetricNames.RouteSnapshotSkippedEntries, MetricNames.RouteSnapshotSaveFailures,
        MetricNames.ConfigReloads, MetricNames.ConfigReloadFailures,
    ];

    [Fact]
    public void MeterListener_Started_SeesEveryInstrumentOnTheRouterMeter()
    {
        using var metrics = new RouterMetrics();
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    published.Add(instrument);
                }
            },
        };

        listener.Start();

        Assert.Equal(RouterMetrics.MeterName, metrics.Meter.Name);
        Assert.Equal(GorouterInstruments.Order(StringComparer.Ordinal), published.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.IsType<Histogram<double>>(published.Single(i => i.Name == MetricNames.Latency));
        Assert.Equal("ms", published.Single(i => i.Name == MetricNames.Latency).Unit);
        Assert.Equal("ns", published.Single(i => i.Name == MetricNames.RouteLookupTime).Unit);
        Assert.All(published, i => Assert.False(string.IsNullOrEmpty(i.Description)));
    }

    [Fact]
    public void RecordObservableInstruments_CountersAndGauges_ReadTheSameCells()
    {
        using var metrics = new RouterMetrics { TotalRoutes = () => 5, BufferedMessages = () => 11 };
        metrics.BadGateway();
        metrics.BackendAttempt("route-emitter");
        metrics.BackendAttempt("route-emitter");
        metrics.RequestCompleted(404, "", 0, 0);
        metrics.RegistryMessage("route-emitter", MetricNames.ActionUpdated);
        using var recorder = new Recorder(metrics);

        recorder.Listener.RecordObservableInstruments();

        Assert.Equal(1, recorder.Single(MetricNames.BadGateways).Value);
        Assert.Equal(2, recorder.Single(MetricNames.TotalRequests, (MetricNames.ComponentLabel, "route-emitter")).Value);
        Assert.Equal(1, recorder.Single(MetricNames.Responses, (MetricNames.StatusGroupLabel, "4xx")).Value);
        Assert.Equal(
            1,
            recorder.Single(MetricNames.RegistryMessage, (MetricNames.ActionLabel, MetricNames.ActionUpdated), (MetricNames.ComponentLabel, "route-emitter")).Value);
        Assert.Equal(5, recorder.Single(MetricNames.TotalRoutes).Value);
        Assert.Equal(11, recorder.Single(MetricNames.BufferedMessages).Value);
        Assert.DoesNotContain(recorder.Measurements, m => m.Name == MetricNames.TotalDroppedMessages);
    }

    [Fact]
    public void Histograms_ListenerEnabled_RecordEachObservation()
    {
        using var metrics = new RouterMetrics();
        using var recorder = new Recorder(metrics);

        metrics.RequestCompleted(200, "CloudController", 0, RouterMetricsExpositionTests.TicksFor(5));
        metrics.RouterTime(2.5);
        metrics.RouteRegistrationLatency(0.7);

        var latency = recorder.Single(MetricNames.Latency, (MetricNames.ComponentLabel, "CloudController"));
        Assert.Equal(5, latency.Value, precision: 6);
        Assert.Equal(2.5, recorder.Single(MetricNames.RouterTime).Value);
        Assert.Equal(0.7, recorder.Single(MetricNames.RouteRegistrationLatency).Value);
    }

    [Fact]
    public void Constructor_MeterFactory_MeterCreatedByFactoryAndLeftToIt()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();

        var metrics = new RouterMetrics(factory);
        metrics.Dispose();

        Assert.Same(factory, metrics.Meter.Scope);
        using var recorder = new Recorder(metrics);
        Assert.Contains(recorder.Published, i => i.Name == MetricNames.BadGateways);
    }

    /// <summary>Listens to one <see cref="RouterMetrics"/> instance only, so parallel tests do not see each other.</summary>
    private sealed class Recorder : IDisposable
    {
        public Recorder(RouterMetrics metrics)
        {
            Listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (ReferenceEquals(instrument.Meter, metrics.Meter))
                    {
                        Published.Add(instrument);
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            Listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
            Listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
            Listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
            Listener.Start();
        }

        public MeterListener Listener { get; }

        public List<Instrument> Published { get; } = [];

        public List<(string Name, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = [];

        public (string Name, double Value, Dictionary<string, object?> Tags) Single(string name, params (string Key, string Value)[] tags) =>
            Measurements.Single(m => m.Name == name && m.Tags.Count == tags.Length
                && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)));

        public void Dispose() => Listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (Measurements)
            {
                Measurements.Add((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));
            }
        }
    }
}
