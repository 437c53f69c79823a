using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Router.Metrics;
using Router.RouteServices;
using RouteRegistry;
using Yarp.ReverseProxy.Forwarder;

namespace Router.Proxying;

/// <summary>
/// The state of one proxied request across its attempts, and the YARP transform that points each attempt at its
/// endpoint and applies <see cref="BackendRequestHeaders"/> (docs/gorouter-compatibility.md §6.1, §6.2, §6.3, §7.1). One instance per request.
/// </summary>
internal sealed class ProxyExchange : HttpTransformer
{
    /// <summary>
    /// What the router passes to YARP as the destination prefix. The request URI is built by
    /// <see cref="TransformRequestAsync"/> from the attempt's endpoint, so no endpoint keeps a base-URI string for it.
    /// </summary>
    public const string DestinationPrefixPlaceholder = "http://endpoint.invalid";

    private static readonly UriCreationOptions RawTargetUri = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly ProxySettings _settings;
    private readonly string _clientIp;
    private readonly string _target;
    private bool _holdsSlot;
    private RouterMetrics? _webSocketMetrics;

    /// <summary>Starts an exchange; <paramref name="requestId"/> is the id tracing derived, or null for a new random one.</summary>
    public ProxyExchange(ProxySettings settings, EndpointPool pool, string clientIp, string target, string? requestId = null)
    {
        _settings = settings;
        Pool = pool;
        _clientIp = clientIp;
        _target = target;
        RequestId = requestId ?? RequestIds.Next();
        RequestStartMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    /// <summary>The settings the request started with; a configuration reload during the request does not change them.</summary>
    public ProxySettings Settings => _settings;

    public EndpointPool Pool { get; }

    /// <summary>The endpoint of the current (or last) attempt.</summary>
    public Endpoint? Endpoint { get; private set; }

    /// <summary>The <c>X-Vcap-Request-Id</c> sent to the backend and returned to the client.</summary>
    public string RequestId { get; }

    public long RequestStartMilliseconds { get; }

    /// <summary>The instance the request's <c>__VCAP_ID__</c> cookie asked for, with a sticky cookie present.</summary>
    public string? RequestedInstance { get; set; }

    public bool RequestHadStickyCookies { get; set; }

    /// <summary>Set when the request goes to the route's route service instead of an endpoint; there is then no <see cref="Endpoint"/>.</summary>
    public RouteServiceRequest? RouteService { get; set; }

    /// <summary>Attempts that failed before the final one (access log <c>failed_attempts</c>).</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>Stopwatch ticks spent in failed attempts (access log <c>failed_attempts_time</c>).</summary>
    public long FailedAttemptTicks { get; private set; }

    /// <summary>Records a failed attempt and how long it took.</summary>
    public void AttemptFailed(long elapsedTicks)
    {
        FailedAttempts++;
        FailedAttemptTicks += elapsedTicks;
    }

    /// <summary>Starts an attempt on an endpoint whose in-flight slot the caller has acquired.</summary>
    public void BeginAttempt(Endpoint endpoint)
    {
        Endpoint = endpoint;
        _holdsSlot = true;
    }

    /// <summary>
    /// True when the last answer had more header lines than <c>max_response_headers</c>: none of it was sent on, and
    /// the request is answered 502 as by Gorouter (<c>proxy/round_tripper/proxy_round_tripper.go</c>).
    /// </summary>
    public bool ResponseHeadersRefused { get; private set; }

    /// <summary>True once this WebSocket request's answer has been counted in <c>websocket_upgrades</c>.</summary>
    public bool WebSocketUpgradeCounted { get; private set; }

    /// <summary>
    /// Marks the request as a WebSocket request: the first answer from a backend, whatever its status, counts in
    /// <c>websocket_upgrades</c> when its headers arrive, as Gorouter counts a successful round trip (gorouter #208).
    /// </summary>
    public void CountWebSocketUpgrade(RouterMetrics metrics) => _webSocketMetrics = metrics;

    /// <summary>Gives the in-flight slot back; idempotent. Gorouter counts a request until its response headers arrive.</summary>
    public void ReleaseSlot()
    {
        if (_holdsSlot)
        {
            _holdsSlot = false;
            Endpoint?.Release();
        }
    }

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        // Set before the base transform, which builds a re-encoded URI of its own only when none is set. Built from the
        // attempt's endpoint: the destination prefix YARP passes is a placeholder (see DestinationPrefixPlaceholder).
        var routeService = RouteService;
        proxyRequest.RequestUri = routeService?.Target ?? new Uri(TargetUri(Endpoint!, _target), RawTargetUri);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        BackendRequestHeaders.Apply(httpContext.Request, proxyRequest, _settings, this, _clientIp);
        if (routeService is not null)
        {
            BackendRequestHeaders.ApplyRouteService(proxyRequest.Headers, routeService);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(
        HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        // A 101 releases the slot here too: a joined WebSocket counts toward neither max_conns nor least-connection.
        ReleaseSlot();
        var maxHeaders = _settings.MaxResponseHeaders;
        if (proxyResponse is not null && maxHeaders > 0 && HeaderLines(proxyResponse) > maxHeaders)
        {
            // Nothing is copied: the caller answers 502 on a response that has not started.
            ResponseHeadersRefused = true;
            return false;
        }

        if (proxyResponse is not null && _webSocketMetrics is not null && !WebSocketUpgradeCounted)
        {
            WebSocketUpgradeCounted = true;
            _webSocketMetrics.WebSocketUpgrade();
        }

        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var headers = httpContext.Response.Headers;
        if (!headers.ContainsKey(RouterHeaders.VcapRequestId))
        {
            headers[RouterHeaders.VcapRequestId] = RequestId;
        }

        headers.Remove(RouterHeaders.ProxySignature);
        // A route service's answer has no endpoint: no sticky cookie, no trace headers (Gorouter skips both).
        var endpoint = Endpoint;
        if (proxyResponse is not null && endpoint is not null && !endpoint.InstanceId.IsEmpty)
        {
            var hasSetCookie = proxyResponse.Headers.TryGetValues(HeaderNames.SetCookie, out var setCookies);
            var negotiating = _settings.StickySessionsForAuthNegotiate
                && proxyResponse.Headers.NonValidated.TryGetValues(HeaderNames.WWWAuthenticate, out var challenges)
                && StartsNegotiate(challenges.FirstOrDefault().AsSpan());
            if (hasSetCookie || RequestHadStickyCookies || negotiating)
            {
                var cookie = StickySessionCookie.Build(
                    setCookies, _settings.StickyCookieNames, endpoint, Pool, RequestHadStickyCookies, RequestedInstance, _settings.SecureCookies, negotiating);
                if (cookie is not null)
                {
                    headers.Append(HeaderNames.SetCookie, cookie);
                }
            }
        }

        if (endpoint is not null && _settings.TraceKey.Length > 0 &&
            string.Equals(httpContext.Request.Headers[RouterHeaders.VcapTrace], _settings.TraceKey, StringComparison.Ordinal))
        {
            var local = httpContext.Connection.LocalIpAddress?.ToString() ?? string.Empty;
            headers[RouterHeaders.VcapRouter] = local;
            headers[RouterHeaders.VcapBackend] = endpoint.Address;
            headers[RouterHeaders.RouteEndpoint] = endpoint.Address;
        }

        if (!_settings.Rewriter.IsEmpty)
        {
            _settings.Rewriter.Apply(headers);
        }

        return proceed;
    }

    /// <summary>True when <paramref name="value"/> starts with <c>negotiate</c> in any case (Gorouter's test of the first value).</summary>
    internal static bool StartsNegotiate(ReadOnlySpan<char> value) => value.StartsWith("negotiate", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Header lines of <paramref name="response"/>, counted as Go counts them: one per value, content headers included,
    /// a comma-separated line once.
    /// </summary>
    private static int HeaderLines(HttpResponseMessage response)
    {
        var lines = 0;
        foreach (var header in response.Headers.NonValidated)
        {
            lines += header.Value.Count;
        }

        foreach (var header in response.Content.Headers.NonValidated)
        {
            lines += header.Value.Count;
        }

        return lines;
    }

    /// <summary><c>scheme://host:port</c> of <paramref name="endpoint"/> followed by <paramref name="target"/>, one string.</summary>
    private static string TargetUri(Endpoint endpoint, string target)
    {
        Span<char> buffer = stackalloc char[Endpoint.FormatBufferLength];
        return string.Concat(endpoint.FormatBaseUri(buffer), target);
    }
}
