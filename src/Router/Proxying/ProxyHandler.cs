using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Router.Metrics;
using Router.Status;
using RouteRegistry;
using Yarp.ReverseProxy.Forwarder;

namespace Router.Proxying;

/// <summary>
/// The request path: route lookup, the checks Gorouter makes before choosing an endpoint, then the attempt loop
/// over endpoints with YARP's <see cref="IHttpForwarder"/> (docs/gorouter-compatibility.md §2.2, §4, §5.1, §7.1, §7.2).
/// Takes no lock; expected failures are values mapped by <see cref="ProxyErrorMap"/>.
/// </summary>
internal sealed partial class ProxyHandler
{
    private readonly RouteTable _table;
    private readonly IHttpForwarder _forwarder;
    private readonly BackendClientFactory _clients;
    private ProxySettings _current;
    private readonly RouterMetrics _metrics;
    private readonly HealthState _health;
    private readonly ILogger _logger;
    private readonly WebSocketConnections _webSockets;
    private readonly IAccessLogSink? _accessLog;
    private readonly RouteServiceGate _routeServices;
    private readonly bool _checkEverySignature;

    public ProxyHandler(
        RouteTable table,
        IHttpForwarder forwarder,
        BackendClientFactory clients,
        ProxySettings settings,
        RouterMetrics metrics,
        HealthState health,
        WebSocketConnections webSockets,
        ILogger<ProxyHandler> logger,
        RouteServiceGate routeServices,
        IAccessLogSink? accessLog = null)
    {
        _routeServices = routeServices;
        _checkEverySignature = routeServices.ChecksEveryRoute;
        _table = table;
        _forwarder = forwarder;
        _clients = clients;
        _current = settings;
        _metrics = metrics;
        _health = health;
        _webSockets = webSockets;
        _logger = logger;
        _accessLog = accessLog;
    }

    /// <summary>The settings requests starting now use; each request reads them once and keeps them to its end.</summary>
    public ProxySettings Settings => Volatile.Read(ref _current);

    /// <summary>Swaps in reloaded settings with one reference write; requests in flight keep the ones they started with.</summary>
    public void UpdateSettings(ProxySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Volatile.Write(ref _current, settings);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var settings = Settings;
        _accessLog?.Begin(context);

        var requestHeaders = context.Request.Headers;
        if (CheckRequestEdge(context) is { } refused)
        {
            await RejectAsync(context, refused, requestHeaders.Host.ToString(), null, start);
            return;
        }

        // Before anything answers, as Gorouter's tracing handlers run first: the access log shows the trace headers.
        var requestId = BeginTrace(context);

        if (settings.HealthcheckUserAgent.Length > 0 &&
            string.Equals(requestHeaders.UserAgent, settings.HealthcheckUserAgent, StringComparison.Ordinal))
        {
            await HealthEndpoint.WriteHealthAsync(context, _health);
            EndRequestSpan(context, null);
            return;
        }

        var host = requestHeaders.Host.ToString();
        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        if (host.Length == 0 || string.Equals(host, clientIp, StringComparison.Ordinal))
        {
            await RejectAsync(context, ProxyError.EmptyHost, host, null, start);
            return;
        }

        var requestTarget = RequestTarget.OriginForm(context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
        var lookupStart = Stopwatch.GetTimestamp();
        var pool = _table.Lookup(host, RequestTarget.PathOf(requestTarget));
        if (settings.PerRequestMetrics)
        {
            _metrics.RouteLookup(Stopwatch.GetTimestamp() - lookupStart);
        }
        if (pool is null)
        {
            await RejectAsync(context, ProxyError.UnknownRoute, host, null, start);
            return;
        }

        if (pool.IsEmpty)
        {
            await RejectAsync(context, settings.EmptyPoolResponseCode503 ? ProxyError.NoEndpoints : ProxyError.UnknownRoute, host, null, start);
            return;
        }

        // X-CF-APP-INSTANCE names one instance; X-CF-PROCESS-INSTANCE one or all instances of a process, and is
        // read only without the first, as in Gorouter's handlers/lookup.go.
        Endpoint[]? pinned = null;
        var appInstance = requestHeaders[RouterHeaders.AppInstance];
        if (appInstance.Count > 0)
        {
            if (!InstanceHeaders.TryParseAppInstance(appInstance.ToString(), out var guid, out var index))
            {
                await RejectAsync(context, ProxyError.InvalidAppInstanceHeader, host, null, start);
                return;
            }

            if (pool.FindByAppInstance(guid, index) is not { } instance)
            {
                // Gorouter words the answer after X-CF-PROCESS-INSTANCE whenever that header is there too.
                var processInstance = requestHeaders[RouterHeaders.ProcessInstance];
                var detail = processInstance.Count > 0
                    ? UnknownProcessInstanceDetail(processInstance.ToString(), host)
                    : $"Requested instance ('{index}') with guid ('{guid}') does not exist for route ('{host}')";
                await RejectAsync(context, ProxyError.UnknownAppInstance, host, detail, start);
                return;
            }

            pinned = [instance];
        }
        else if (requestHeaders[RouterHeaders.ProcessInstance] is { Count: > 0 } processInstance)
        {
            if (!InstanceHeaders.TryParseProcessInstance(processInstance.ToString(), out var guid, out var index))
            {
                await RejectAsync(context, ProxyError.InvalidProcessInstanceHeader, host, null, start);
                return;
            }

            pinned = pool.FindByProcessInstance(guid, index);
            if (pinned.Length == 0)
            {
                await RejectAsync(context, ProxyError.UnknownProcessInstance, host, UnknownProcessInstanceDetail(processInstance.ToString(), host), start);
                return;
            }
        }

        if (pool.AllAtLimit(settings.MaxConns))
        {
            LogConnectionLimitReached(_logger, host);
            await RejectAsync(context, ProxyError.ConnectionLimitReached, host, null, start);
            return;
        }

        // One field read for a route without a route service; the gate runs only for routes with one (or strict checks).
        var routeServiceUrl = pool.RouteServiceUrl;
        if (routeServiceUrl.Length > 0 || _checkEverySignature)
        {
            var decision = _routeServices.Decide(context, pool, routeServiceUrl, host, requestTarget);
            if (decision.Outcome == RouteServiceOutcome.Reject)
            {
                await RejectAsync(context, decision.Error, host, decision.Detail, start);
                return;
            }

            if (decision.Request is { } routeService)
            {
                var toRouteService = new ProxyExchange(settings, pool, clientIp, requestTarget, requestId) { RouteService = routeService };
                await ForwardToRouteServiceAsync(context, toRouteService, host, start);
                return;
            }
        }

        var exchange = new ProxyExchange(settings, pool, clientIp, requestTarget, requestId);
        Endpoint? preferred = null;
        if (pinned is null && requestHeaders.Cookie.Count > 0)
        {
            CookieScanner.Scan(requestHeaders.Cookie, settings.StickyCookieNames, out var hasSticky, out var vcapId);

            // A Negotiate handshake must stay on its instance: with __VCAP_ID__ alone it is pinned there, as by an
            // instance header, and goes nowhere else when that instance is gone.
            var mustBeSticky = vcapId is not null && settings.StickySessionsForAuthNegotiate
                && ProxyExchange.StartsNegotiate(FirstValue(requestHeaders.Authorization));
            if (vcapId is not null && (hasSticky || mustBeSticky))
            {
                exchange.RequestHadStickyCookies = true;
                exchange.RequestedInstance = vcapId;
                preferred = pool.FindByInstanceId(vcapId);
                if (mustBeSticky)
                {
                    pinned = preferred is null ? [] : [preferred];
                    preferred = null;
                }
            }
        }

        await ForwardAsync(context, exchange, pinned, preferred, host, start);
    }

    // Pooled: the state of a forwarded request (about 270 bytes) is reused instead of allocated for every request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ForwardAsync(HttpContext context, ProxyExchange exchange, Endpoint[]? pinned, Endpoint? preferred, string host, long start)
    {
        var pool = exchange.Pool;
        var settings = exchange.Settings;
        var maxAttempts = Math.Max(1, Math.Min(settings.MaxAttempts, pinned?.Length ?? pool.Count));

        // Among several pinned instances the first attempt goes to a random one, as from Gorouter's new pool of them.
        var pinnedStart = pinned is { Length: > 1 } ? Random.Shared.Next(pinned.Length) : 0;
        var selection = default(EndpointSelection);
        BackendFailure? failure = null;
        long backendTicks = 0;
        var isWebSocket = WebSocketUpgrade.IsRequested(context);
        if (isWebSocket)
        {
            exchange.CountWebSocketUpgrade(_metrics);
        }

        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var endpoint = pinned is null
                ? ChooseEndpoint(context, pool, ref selection, attempt, preferred, settings.MaxConns)
                : ChoosePinned(pinned, pinnedStart + attempt, settings.MaxConns);
            if (endpoint is null)
            {
                failure ??= new BackendFailure(ProxyError.NoEndpointAvailable, "No endpoints available", false, false, false);
                break;
            }

            exchange.BeginAttempt(endpoint);
            var attemptSpan = StartAttemptSpan(context, endpoint, attempt);
            _metrics.BackendAttempt(endpoint.Component);
            var requestConfig = isWebSocket ? settings.Protocol.WebSocketConfig : settings.Protocol.For(endpoint);
            var (error, timedOut, attemptTicks) = await SendAttemptAsync(context, _clients.GetClient(endpoint), requestConfig, exchange, isWebSocket);
            backendTicks += attemptTicks;

            if (error == ForwarderError.None && exchange.ResponseHeadersRefused)
            {
                // Not retried and the endpoint not marked: it answered (Gorouter breaks out of its attempts here).
                failure = BackendFailure.TooManyResponseHeaders;
                LogBackendFailed(_logger, host, endpoint.Address, failure.Value.Detail);
                EndAttemptSpan(attemptSpan, context, failure, false);
                break;
            }

            if (error == ForwarderError.None || (isWebSocket && WebSocketUpgrade.EndsJoinedConnections(error, context)))
            {
                EndAttemptSpan(attemptSpan, context, null, false);
                failure = null;
                break;
            }

            exchange.AttemptFailed(attemptTicks);
            var errorFeature = context.Features.Get<IForwarderErrorFeature>();
            var classified = BackendFailure.Classify(error, errorFeature?.Exception, context, endpoint.Address, timedOut, settings.ResponseHeaderLimit);
            failure = classified;
            OnAttemptFailed(pool, endpoint, classified, host);
            var retrying = classified.Retriable && !context.Response.HasStarted;
            EndAttemptSpan(attemptSpan, context, classified, retrying && attempt + 1 < maxAttempts);
            if (!retrying)
            {
                break;
            }

            // YARP has set its own status on the untouched response; the next attempt starts clean.
            context.Response.Clear();
        }

        if (isWebSocket && failure is not null && !exchange.WebSocketUpgradeCounted)
        {
            // Gorouter counts a failure when no attempt got an answer (proxy/round_tripper/proxy_round_tripper.go);
            // an answer, whatever its status, was counted as an upgrade when its headers arrived.
            _metrics.WebSocketFailure();
        }

        if (failure is { } final && !context.Response.HasStarted)
        {
            Count(ProxyErrorMap.Describe(final.Error).Metric);
            await ErrorResponseWriter.WriteAsync(context, final.Error, host, final.Detail, settings.Rewriter);
        }

        Complete(context, exchange, failure, start, backendTicks);
    }

    /// <summary>
    /// One exchange through YARP under <c>endpoint_timeout</c>, with its duration in Stopwatch ticks; the attempt's
    /// endpoint slot is given back whatever happens. Pooled, so a request allocates no state for it.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(ForwarderError Error, bool TimedOut, long Ticks)> SendAttemptAsync(
        HttpContext context, HttpMessageInvoker client, ForwarderRequestConfig requestConfig, ProxyExchange exchange, bool isWebSocket)
    {
        // A WebSocket request gets no endpoint_timeout (docs/gorouter-compatibility.md §7.4); it ends when the router stops instead.
        var timeouts = exchange.Settings.Timeouts;
        var timeout = isWebSocket ? null : timeouts.Rent();
        var attemptStart = Stopwatch.GetTimestamp();
        try
        {
            var token = timeout?.Token ?? (isWebSocket ? _webSockets.Token : CancellationToken.None);
            var error = await _forwarder.SendAsync(
                context, ProxyExchange.DestinationPrefixPlaceholder, client, requestConfig, exchange, token);
            return (error, timeout?.IsCancellationRequested ?? false, Stopwatch.GetTimestamp() - attemptStart);
        }
        finally
        {
            exchange.ReleaseSlot();
            timeouts.Return(timeout);
        }
    }

    private static Endpoint? ChooseEndpoint(
        HttpContext context, EndpointPool pool, ref EndpointSelection selection, int attempt, Endpoint? preferred, int maxConns)
    {
        if (attempt == 0 && preferred is not null && preferred.TryAcquire(maxConns))
        {
            selection.MarkTried(preferred);
            return preferred;
        }

        // A hash route picks by its header's first value; without it, as the configured balancing_algorithm does.
        return pool.HashHeader is { } hashHeader
            ? pool.Select(ref selection, maxConns, FirstValue(context.Request.Headers[hashHeader]))
            : pool.Select(ref selection, maxConns);
    }

    /// <summary>The first of <paramref name="pinned"/> from <paramref name="next"/> on, in turn, that is below <paramref name="maxConns"/>.</summary>
    private static Endpoint? ChoosePinned(Endpoint[] pinned, int next, int maxConns)
    {
        for (var i = 0; i < pinned.Length; i++)
        {
            var candidate = pinned[(next + i) % pinned.Length];
            if (candidate.TryAcquire(maxConns))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string UnknownProcessInstanceDetail(string header, string host)
    {
        // As Gorouter: a header that does not parse is worded with an empty GUID.
        if (!InstanceHeaders.TryParseProcessInstance(header, out var guid, out var index))
        {
            guid = index = default;
        }

        return index.IsEmpty
            ? $"Requested instance with process guid ('{guid}') does not exist for route ('{host}')"
            : $"Requested instance ('{index}') with process guid ('{guid}') does not exist for route ('{host}')";
    }

    private static ReadOnlySpan<char> FirstValue(StringValues values) => values.Count == 0 ? default : values[0].AsSpan();

    private void OnAttemptFailed(EndpointPool pool, Endpoint endpoint, BackendFailure failure, string host)
    {
        if (failure.Error is ProxyError.ClientCancelled or ProxyError.MalformedRequest)
        {
            return;
        }

        LogBackendFailed(_logger, host, endpoint.Address, failure.Detail);
        endpoint.RecordFailure();
        if (failure.MarkFailed)
        {
            pool.EndpointFailed(endpoint);
        }

        if (failure.PruneTls && endpoint.IsTls)
        {
            _table.RemoveFailedEndpoint(pool, endpoint);
        }
    }
}
