using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Router.Metrics;

/// <summary>
/// The router's metrics, recorded through domain verbs (<c>metrics.BadGateway()</c>) and read two ways: the
/// Prometheus page (<see cref="WriteToAsync"/>, rendered by prometheus-net with Gorouter's names, see
/// <c>docs/gorouter-compatibility.md</c> §9) and the <see cref="MeterName"/> meter for .NET tooling
/// (<c>dotnet-counters</c>, OpenTelemetry), whose instruments observe the same series.
/// </summary>
/// <remarks>
/// Request-path verbs update prometheus-net series resolved up front (<see cref="MetricFamilies"/>); they never
/// lock or allocate. Per-component series are found with one dictionary read, or none for the empty component.
/// Gauges owned by other parts of the router are read at scrape time through callbacks set once at start-up.
/// All members are thread-safe.
/// </remarks>
public sealed partial class RouterMetrics : IDisposable
{
    /// <summary>Name of the <see cref="System.Diagnostics.Metrics.Meter"/> the instruments are published on.</summary>
    public const string MeterName = "Router";

    private const int StatusGroupCount = 5;

    private static readonly string[] StatusGroups = ["2xx", "3xx", "4xx", "5xx", "xxx"];
    private static readonly double MillisecondsPerTick = 1000.0 / Stopwatch.Frequency;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly bool _ownsMeter;
    private readonly ProcessMetrics _process;
    private readonly MetricFamilies _families = new();
    private readonly ComponentTable<RequestCells> _requests;
    private readonly Prometheus.Counter.Child[] _responses;
    private readonly Prometheus.Counter.Child[] _routeServiceResponses;
    private readonly Prometheus.Histogram.Child _routerTime;
    private readonly Prometheus.Histogram.Child _routeLookup;

    /// <summary>Creates the series and the instruments.</summary>
    /// <param name="meterFactory">Creates the <see cref="MeterName"/> meter (and owns it); null to create one owned by this object.</param>
    /// <param name="timeProvider">Wall clock for <c>uptime</c>; default <see cref="TimeProvider.System"/>.</param>
    public RouterMetrics(IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        _process = new ProcessMetrics(timeProvider ?? TimeProvider.System);
        _requests = new ComponentTable<RequestCells>(component => new RequestCells(_families, component));
        _registry = new ComponentTable<RegistryCells>(component => new RegistryCells(_families, component));
        _responses = Array.ConvertAll(StatusGroups, group => _families.Responses.WithLabels(group));
        _routeServiceResponses = Array.ConvertAll(StatusGroups, group => _families.ResponsesRouteServices.WithLabels(group));
        _routerTime = Unlabelled(_families.RouterTime);
        _routeLookup = Unlabelled(_families.RouteLookupTime);
        _registrationLatency = Unlabelled(_families.RouteRegistrationLatency);
        _gcCollections = Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => _families.GcCollections.WithLabels("gen" + g)).ToArray();
        _families.Registry.AddBeforeCollectCallback(UpdateScrapeTimeValues);

        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        (_latencyInstrument, _routerTimeInstrument, _routeLookupInstrument, _registrationLatencyInstrument) = CreateInstruments();
    }

    /// <summary>The meter the instruments live on; tests listen to this one only.</summary>
    internal Meter Meter { get; }

    /// <summary>One backend attempt, retries included (<c>total_requests{component}</c>).</summary>
    /// <param name="component">The endpoint's <c>tags.component</c>; empty when it has none.</param>
    public void BackendAttempt(string component) => _requests.Get(component).Attempts.Inc();

    /// <summary>
    /// A request that reached endpoint selection finished (<c>responses{status_group}</c> and <c>latency{component}</c>).
    /// </summary>
    /// <param name="statusCode">Final status sent to the client.</param>
    /// <param name="component">Component tag of the last endpoint tried; empty when none.</param>
    /// <param name="startTimestamp"><see cref="Stopwatch.GetTimestamp"/> when the request was received.</param>
    /// <param name="endTimestamp"><see cref="Stopwatch.GetTimestamp"/> when the backend exchange finished, body included.</param>
    public void RequestCompleted(int statusCode, string component, long startTimestamp, long endTimestamp)
    {
        ResponseCompleted(statusCode);
        var milliseconds = (endTimestamp - startTimestamp) * MillisecondsPerTick;
        Observe(_requests.Get(component).Latency, milliseconds);
        if (_latencyInstrument.Enabled)
        {
            _latencyInstrument.Record(milliseconds, new KeyValuePair<string, object?>(MetricNames.ComponentLabel, component ?? string.Empty));
        }
    }

    /// <summary>
    /// Counts a response by status group (<c>responses</c>) without recording latency, for
    /// <c>per_request_metrics_reporting: false</c>.
    /// </summary>
    public void ResponseCompleted(int statusCode) => _responses[StatusGroupIndex(statusCode)].Inc();

    /// <summary>A route service answered with <paramref name="statusCode"/> (<c>responses_route_services{status_group}</c>).</summary>
    public void RouteServiceResponse(int statusCode) => _routeServiceResponses[StatusGroupIndex(statusCode)].Inc();

    /// <summary>Time the router itself spent on a request, backend time excluded (<c>gorouter_time</c>).</summary>
    public void RouterTime(double milliseconds)
    {
        Observe(_routerTime, milliseconds);
        if (_routerTimeInstrument.Enabled)
        {
            _routerTimeInstrument.Record(milliseconds);
        }
    }

    /// <summary>One route table lookup (<c>route_lookup_time</c>, recorded in nanoseconds).</summary>
    /// <param name="elapsedStopwatchTicks">Duration in <see cref="Stopwatch"/> ticks.</param>
    public void RouteLookup(long elapsedStopwatchTicks)
    {
        var nanoseconds = elapsedStopwatchTicks * NanosecondsPerTick;
        Observe(_routeLookup, nanoseconds);
        if (_routeLookupInstrument.Enabled)
        {
            _routeLookupInstrument.Record(nanoseconds);
        }
    }

    /// <summary>A 502 from the default error mapping (<c>bad_gateways</c>).</summary>
    public void BadGateway() => _families.BadGateways.Inc();

    /// <summary>A 400/404 lookup rejection (<c>rejected_requests</c>).</summary>
    public void RejectedRequest() => _families.RejectedRequests.Inc();

    /// <summary>A 503 because every endpoint was at <c>max_conns</c> (<c>backend_exhausted_conns</c>, docs/gorouter-compatibility.md §4.5).</summary>
    public void BackendExhaustedConns() => _families.BackendExhaustedConns.Inc();

    /// <summary>Backend certificate did not match the expected name (<c>backend_invalid_id</c>, docs/gorouter-compatibility.md §5.2).</summary>
    public void BackendInvalidId() => _families.BackendInvalidId.Inc();

    /// <summary>Backend certificate failed verification (<c>backend_invalid_tls_cert</c>, docs/gorouter-compatibility.md §5.2).</summary>
    public void BackendInvalidTlsCert() => _families.BackendInvalidTlsCert.Inc();

    /// <summary>TLS handshake with a backend failed (<c>backend_tls_handshake_failed</c>, docs/gorouter-compatibility.md §5.2).</summary>
    public void BackendTlsHandshakeFailed() => _families.BackendTlsHandshakeFailed.Inc();

    /// <summary>A client connection on the HTTPS listener closed before its TLS handshake completed (<c>client_tls_handshake_failed</c>).</summary>
    public void ClientTlsHandshakeFailed() => _families.ClientTlsHandshakeFailed.Inc();

    /// <summary>A WebSocket upgrade succeeded (<c>websocket_upgrades</c>).</summary>
    public void WebSocketUpgrade() => _families.WebSocketUpgrades.Inc();

    /// <summary>A WebSocket exchange failed (<c>websocket_failures</c>).</summary>
    public void WebSocketFailure() => _families.WebSocketFailures.Inc();

    /// <summary>Disposes the meter when this object created it; recording verbs keep working on the series.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    private static Prometheus.Histogram.Child Unlabelled(Prometheus.ICollector<Prometheus.Histogram.Child> histogram) => histogram.Unlabelled;

    /// <summary>Values that fit no bucket (infinities, NaN) are left out: they would poison the sum.</summary>
    private static void Observe(Prometheus.Histogram.Child histogram, double value)
    {
        if (double.IsFinite(value))
        {
            histogram.Observe(value);
        }
    }

    // Gorouter statusGroupName: 2xx..5xx by hundreds, "xxx" for everything else (1xx, 0, nonsense).
    private static int StatusGroupIndex(int statusCode)
    {
        var group = (uint)(statusCode / 100) - 2;
        return group < StatusGroupCount - 1 ? (int)group : StatusGroupCount - 1;
    }
}
