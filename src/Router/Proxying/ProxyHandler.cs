using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
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
    private readonly ProxySettings _settings;
    private readonly RouterMetrics _metrics;
    private readonly HealthState _health;
    private readonly ILogger _logger;
    private readonly ForwarderRequestConfig _requestConfig;
    private readonly TimeoutSourcePool _timeouts;
    private readonly IAccessLogSink? _accessLog;

    public ProxyHandler(
        RouteTable table,
        IHttpForwarder forwarder,
        BackendClientFactory clients,
        ProxySettings settings,
        RouterMetrics metrics,
        HealthState health,
        ILogger<ProxyHandler> logger,
        IAccessLogSink? accessLog = null)
    {
        _table = table;
        _forwarder = forwarder;
        _clients = clients;
        _settings = settings;
        _metrics = metrics;
        _health = health;
        _logger = logger;
        _accessLog = accessLog;
        _timeouts = new TimeoutSourcePool(settings.EndpointTimeout);
        _requestConfig = new ForwarderRequestConfig
        {
            // endpoint_timeout bounds the whole exchange through our own token; YARP's idle timeout must not cut
            // a slow but live exchange earlier.
            ActivityTimeout = settings.EndpointTimeout > TimeSpan.Zero ? settings.EndpointTimeout : TimeSpan.FromDays(1),
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        _accessLog?.Begin(context);

        var requestHeaders = context.Request.Headers;
        if (CheckRequestEdge(context) is { } refused)
        {
            await RejectAsync(context, refused, requestHeaders.Host.ToString(), null, start);
            return;
        }

        // Before anything answers, as Gorouter's tracing handlers run first: the access log shows the trace headers.
        var requestId = BeginTrace(context);

        if (_settings.HealthcheckUserAgent.Length > 0 &&
            string.Equals(requestHeaders.UserAgent, _settings.HealthcheckUserAgent, StringComparison.Ordinal))
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
        if (_settings.PerRequestMetrics)
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
            await RejectAsync(context, _settings.EmptyPoolResponseCode503 ? ProxyError.NoEndpoints : ProxyError.UnknownRoute, host, null, start);
            return;
        }

        Endpoint? target = null;
        var appInstance = requestHeaders[RouterHeaders.AppInstance];
        if (appInstance.Count > 0)
        {
            if (!AppInstanceHeader.TryParse(appInstance.ToString(), out var guid, out var index))
            {
                await RejectAsync(context, ProxyError.InvalidAppInstanceHeader, host, null, start);
                return;
            }

            target = pool.FindByAppInstance(guid, index);
            if (target is null)
            {
                var detail = $"Requested instance ('{index}') with guid ('{guid}') does not exist for route ('{host}')";
                await RejectAsync(context, ProxyError.UnknownAppInstance, host, detail, start);
                return;
            }
        }

        if (pool.AllAtLimit(_settings.MaxConns))
        {
            LogConnectionLimitReached(_logger, host);
            await RejectAsync(context, ProxyError.ConnectionLimitReached, host, null, start);
            return;
        }

        var exchange = new ProxyExchange(_settings, pool, clientIp, requestTarget, requestId);
        Endpoint? preferred = null;
        if (target is null && requestHeaders.Cookie.Count > 0)
        {
            CookieScanner.Scan(requestHeaders.Cookie, _settings.StickyCookieNames, out var hasSticky, out var vcapId);
            if (hasSticky && vcapId is not null)
            {
                exchange.RequestHadStickyCookies = true;
                exchange.RequestedInstance = vcapId;
                preferred = pool.FindByInstanceId(vcapId);
            }
        }

        await ForwardAsync(context, exchange, target, preferred, host, start);
    }

    // Pooled: the state of a forwarded request (about 270 bytes) is reused instead of allocated for every request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ForwardAsync(HttpContext context, ProxyExchange exchange, Endpoint? target, Endpoint? preferred, string host, long start)
    {
        var pool = exchange.Pool;
        var maxAttempts = target is null ? Math.Max(1, Math.Min(_settings.MaxAttempts, pool.Count)) : 1;
        var selection = default(EndpointSelection);
        BackendFailure? failure = null;
        long backendTicks = 0;
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var endpoint = ChooseEndpoint(pool, ref selection, attempt, target, preferred);
            if (endpoint is null)
            {
                failure ??= new BackendFailure(ProxyError.NoEndpointAvailable, "No endpoints available", false, false, false);
                break;
            }

            exchange.BeginAttempt(endpoint);
            var attemptSpan = StartAttemptSpan(context, endpoint, attempt);
            _metrics.BackendAttempt(endpoint.Component);
            var timeout = _timeouts.Rent();
            var attemptStart = Stopwatch.GetTimestamp();
            ForwarderError error;
            bool timedOut;
            long attemptTicks;
            try
            {
                error = await _forwarder.SendAsync(
                    context, ProxyExchange.DestinationPrefixPlaceholder, _clients.GetClient(endpoint), _requestConfig, exchange, timeout?.Token ?? CancellationToken.None);
            }
            finally
            {
                exchange.ReleaseSlot();
                attemptTicks = Stopwatch.GetTimestamp() - attemptStart;
                backendTicks += attemptTicks;
                timedOut = timeout?.IsCancellationRequested ?? false;
                _timeouts.Return(timeout);
            }

            if (error == ForwarderError.None)
            {
                EndAttemptSpan(attemptSpan, context, null, false);
                failure = null;
                break;
            }

            exchange.AttemptFailed(attemptTicks);
            var errorFeature = context.Features.Get<IForwarderErrorFeature>();
            var classified = BackendFailure.Classify(error, errorFeature?.Exception, context, endpoint.Address, timedOut);
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

        if (context.Request.Headers.Upgrade.Count > 0 && WebSocketUpgrade.IsRequested(context.Request.Headers))
        {
            // Gorouter counts the round trip whatever its status (proxy/round_tripper/proxy_round_tripper.go): an answer
            // is an upgrade, an error a failure. An error after the answer started ends the joined connections (either
            // side closing), not the round trip.
            if (failure is null || context.Response.HasStarted)
            {
                _metrics.WebSocketUpgrade();
            }
            else
            {
                _metrics.WebSocketFailure();
            }
        }

        if (failure is { } final && !context.Response.HasStarted)
        {
            var descriptor = ProxyErrorMap.Describe(final.Error);
            Count(descriptor.Metric);
            await ErrorResponseWriter.WriteAsync(context, final.Error, host, final.Detail, _settings.Rewriter);
        }

        var end = Stopwatch.GetTimestamp();
        var component = exchange.Endpoint?.Component ?? string.Empty;
        if (_settings.PerRequestMetrics)
        {
            _metrics.RequestCompleted(context.Response.StatusCode, component, start, end);
            _metrics.RouterTime(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds - Stopwatch.GetElapsedTime(0, backendTicks).TotalMilliseconds);
        }
        else
        {
            _metrics.ResponseCompleted(context.Response.StatusCode);
        }
        _accessLog?.Write(context, exchange, failure?.Detail, start, end, backendTicks);
        EndRequestSpan(context, failure?.Error);
    }

    private Endpoint? ChooseEndpoint(EndpointPool pool, ref EndpointSelection selection, int attempt, Endpoint? target, Endpoint? preferred)
    {
        if (target is not null)
        {
            return target.TryAcquire(_settings.MaxConns) ? target : null;
        }

        if (attempt == 0 && preferred is not null && preferred.TryAcquire(_settings.MaxConns))
        {
            selection.MarkTried(preferred);
            return preferred;
        }

        return pool.Select(ref selection, _settings.MaxConns);
    }

    private void OnAttemptFailed(EndpointPool pool, Endpoint endpoint, BackendFailure failure, string host)
    {
        if (failure.Error is ProxyError.ClientCancelled or ProxyError.MalformedRequest)
        {
            return;
        }

        LogBackendFailed(_logger, host, endpoint.Address, failure.Detail);
        if (failure.MarkFailed)
        {
            pool.EndpointFailed(endpoint);
        }

        if (failure.PruneTls && endpoint.IsTls)
        {
            _table.RemoveFailedEndpoint(pool, endpoint);
        }
    }

    private Task RejectAsync(HttpContext context, ProxyError error, string host, string? detail, long start)
    {
        Count(ProxyErrorMap.Describe(error).Metric);
        var write = ErrorResponseWriter.WriteAsync(context, error, host, detail, _settings.Rewriter);
        _accessLog?.Write(context, null, detail, start, Stopwatch.GetTimestamp(), 0);
        EndRequestSpan(context, error);
        return write;
    }

    private void Count(ProxyErrorMetric metric)
    {
        switch (metric)
        {
            case ProxyErrorMetric.RejectedRequest: _metrics.RejectedRequest(); break;
            case ProxyErrorMetric.BadGateway: _metrics.BadGateway(); break;
            case ProxyErrorMetric.BackendExhaustedConns: _metrics.BackendExhaustedConns(); break;
            case ProxyErrorMetric.BackendTlsHandshakeFailed: _metrics.BackendTlsHandshakeFailed(); break;
            case ProxyErrorMetric.BackendInvalidId: _metrics.BackendInvalidId(); break;
            case ProxyErrorMetric.BackendInvalidTlsCert: _metrics.BackendInvalidTlsCert(); break;
            default: break;
        }
    }

    /// <summary>The escaped path of the request-target, without query; for absolute form the part after the authority.</summary>
    [LoggerMessage(EventId = 100, EventName = "backend-endpoint-failed", Level = LogLevel.Warning,
        Message = "Backend {Address} for route {Host} failed: {Detail}")]
    private static partial void LogBackendFailed(ILogger logger, string host, string address, string detail);

    [LoggerMessage(EventId = 101, EventName = "connection-limit-reached", Level = LogLevel.Information,
        Message = "Every endpoint of route {Host} is at the connection limit")]
    private static partial void LogConnectionLimitReached(ILogger logger, string host);
}
