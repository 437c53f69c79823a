using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Router.Metrics;

/// <summary>
/// The router's metrics, recorded through domain verbs (<c>metrics.BadGateway()</c>) and read two ways: the
/// Prometheus page (<see cref="WriteTo"/>, names per gorouter.md §9) and the <see cref="MeterName"/> meter for
/// .NET tooling (<c>dotnet-counters</c>, OpenTelemetry), whose instruments observe the same cells.
/// </summary>
/// <remarks>
/// Request-path verbs do a few <see cref="Interlocked"/> operations on cells allocated up front and never lock
/// or allocate. Per-component cells are found with one dictionary read, or none for the empty component.
/// Gauges owned by other parts of the router are read at scrape time through callbacks set once at start-up.
/// All members are thread-safe.
/// </remarks>
public sealed partial class RouterMetrics : IDisposable
{
    /// <summary>Name of the <see cref="System.Diagnostics.Metrics.Meter"/> the instruments are published on.</summary>
    public const string MeterName = "Router";

    private const int StatusGroupCount = 5;
    private const double SumUnitsPerMillisecond = 1e6;
    private const double SumUnitsPerNanosecond = 1;

    private static readonly string[] StatusGroups = ["2xx", "3xx", "4xx", "5xx", "xxx"];
    private static readonly double MillisecondsPerTick = 1000.0 / Stopwatch.Frequency;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly bool _ownsMeter;
    private readonly ProcessMetrics _process;
    private readonly ComponentTable<RequestCells> _requests = new();
    private readonly long[] _responses = new long[StatusGroupCount];
    private readonly long[] _routeServiceResponses = new long[StatusGroupCount];
    private readonly HistogramCell _routerTime = new(HistogramBuckets.RouterTimeMilliseconds, SumUnitsPerMillisecond);
    private readonly HistogramCell _routeLookup = new(HistogramBuckets.RouteLookupNanoseconds, SumUnitsPerNanosecond);

    private long _badGateways;
    private long _rejectedRequests;
    private long _backendExhaustedConns;
    private long _backendInvalidId;
    private long _backendInvalidTlsCert;
    private long _backendTlsHandshakeFailed;
    private long _clientTlsHandshakeFailed;
    private long _webSocketUpgrades;
    private long _webSocketFailures;
    private long _emptyContentLengthHeaders;

    /// <summary>Creates the cells and the instruments.</summary>
    /// <param name="meterFactory">Creates the <see cref="MeterName"/> meter (and owns it); null to create one owned by this object.</param>
    /// <param name="timeProvider">Wall clock for <c>uptime</c>; default <see cref="TimeProvider.System"/>.</param>
    public RouterMetrics(IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        _process = new ProcessMetrics(timeProvider ?? TimeProvider.System);
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        (_latencyInstrument, _routerTimeInstrument, _routeLookupInstrument, _registrationLatencyInstrument) = CreateInstruments();
    }

    /// <summary>The meter the instruments live on; tests listen to this one only.</summary>
    internal Meter Meter { get; }

    /// <summary>One backend attempt, retries included (<c>total_requests{component}</c>).</summary>
    /// <param name="component">The endpoint's <c>tags.component</c>; empty when it has none.</param>
    public void BackendAttempt(string component) => _requests.Get(component).AddAttempt();

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
        _requests.Get(component).Latency.Observe(milliseconds);
        if (_latencyInstrument.Enabled)
        {
            _latencyInstrument.Record(milliseconds, new KeyValuePair<string, object?>(MetricNames.ComponentLabel, component ?? string.Empty));
        }
    }

    /// <summary>
    /// Counts a response by status group (<c>responses</c>) without recording latency, for
    /// <c>per_request_metrics_reporting: false</c>.
    /// </summary>
    public void ResponseCompleted(int statusCode) => Interlocked.Increment(ref _responses[StatusGroupIndex(statusCode)]);

    /// <summary>Time the router itself spent on a request, backend time excluded (<c>gorouter_time</c>).</summary>
    public void RouterTime(double milliseconds)
    {
        _routerTime.Observe(milliseconds);
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
        _routeLookup.Observe(nanoseconds);
        if (_routeLookupInstrument.Enabled)
        {
            _routeLookupInstrument.Record(nanoseconds);
        }
    }

    /// <summary>A route-service response was received, or none (status 0) (<c>responses_route_services{status_group}</c>).</summary>
    public void RouteServiceResponse(int statusCode) =>
        Interlocked.Increment(ref _routeServiceResponses[StatusGroupIndex(statusCode)]);

    /// <summary>A 502 from the default error mapping (<c>bad_gateways</c>).</summary>
    public void BadGateway() => Interlocked.Increment(ref _badGateways);

    /// <summary>A 400/404 lookup rejection (<c>rejected_requests</c>).</summary>
    public void RejectedRequest() => Interlocked.Increment(ref _rejectedRequests);

    /// <summary>A 503 because every endpoint was at <c>max_conns</c> (<c>backend_exhausted_conns</c>, §4.5).</summary>
    public void BackendExhaustedConns() => Interlocked.Increment(ref _backendExhaustedConns);

    /// <summary>Backend certificate did not match the expected name (<c>backend_invalid_id</c>, §5.2).</summary>
    public void BackendInvalidId() => Interlocked.Increment(ref _backendInvalidId);

    /// <summary>Backend certificate failed verification (<c>backend_invalid_tls_cert</c>, §5.2).</summary>
    public void BackendInvalidTlsCert() => Interlocked.Increment(ref _backendInvalidTlsCert);

    /// <summary>TLS handshake with a backend failed (<c>backend_tls_handshake_failed</c>, §5.2).</summary>
    public void BackendTlsHandshakeFailed() => Interlocked.Increment(ref _backendTlsHandshakeFailed);

    /// <summary>A client connection on the HTTPS listener closed before its TLS handshake completed (<c>client_tls_handshake_failed</c>).</summary>
    public void ClientTlsHandshakeFailed() => Interlocked.Increment(ref _clientTlsHandshakeFailed);

    /// <summary>A WebSocket upgrade succeeded (<c>websocket_upgrades</c>).</summary>
    public void WebSocketUpgrade() => Interlocked.Increment(ref _webSocketUpgrades);

    /// <summary>A WebSocket exchange failed (<c>websocket_failures</c>).</summary>
    public void WebSocketFailure() => Interlocked.Increment(ref _webSocketFailures);

    /// <summary>A request carried an empty <c>Content-Length</c> header (<c>empty_content_length_header</c>).</summary>
    public void EmptyContentLengthHeader() => Interlocked.Increment(ref _emptyContentLengthHeaders);

    /// <summary>Disposes the meter when this object created it; recording verbs keep working on the cells.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    // Gorouter statusGroupName: 2xx..5xx by hundreds, "xxx" for everything else (1xx, 0, nonsense).
    private static int StatusGroupIndex(int statusCode)
    {
        var group = (uint)(statusCode / 100) - 2;
        return group < StatusGroupCount - 1 ? (int)group : StatusGroupCount - 1;
    }
}
