using Router.Configuration;
using Router.Tracing;

namespace Router.Proxying;

/// <summary>
/// The parts of <see cref="RouterOptions"/> the request path reads, resolved once at start-up and again by each
/// configuration reload: <see cref="ProxyHandler"/> swaps the whole object, and a request reads it once at its start.
/// </summary>
internal sealed class ProxySettings
{
    public ProxySettings(RouterOptions options)
        : this(options, null)
    {
    }

    // sameTimeout: settings whose endpoint_timeout equals the new one, whose pooled timeout sources are kept.
    private ProxySettings(RouterOptions options, ProxySettings? sameTimeout)
    {
        MaxConns = options.Backends.MaxConns;
        MaxAttempts = Math.Max(1, options.Backends.EffectiveMaxAttempts);
        EndpointTimeout = options.EndpointTimeout;
        StickyCookieNames = options.StickySessionCookieNames.ToArray();
        SecureCookies = options.SecureCookies;
        StickySessionsForAuthNegotiate = options.StickySessionsForAuthNegotiate;
        EmptyPoolResponseCode503 = options.EmptyPoolResponseCode503;
        ForceForwardedProtoHttps = options.ForceForwardedProtoHttps;
        SanitizeForwardedProto = options.SanitizeForwardedProto;
        ForwardedClientCert = options.ForwardedClientCert;
        ProtectedHopByHopHeaders = options.HopByHopHeadersToFilter.ToArray();
        TraceKey = options.TraceKey;
        HealthcheckUserAgent = options.HealthcheckUserAgent;
        DisableKeepAlives = options.DisableKeepAlives;
        KeepAlive100ContinueRequests = options.KeepAlive100ContinueRequests;
        PerRequestMetrics = options.PerRequestMetricsReporting;
        Rewriter = new ResponseRewriter(options.HttpRewrite);
        SizeLimit = new Http.RequestSizeLimit(options.MaxRequestHeaderBytes, options.MaxRequestHeaders);
        MaxResponseHeaders = options.MaxResponseHeaders;
        ResponseHeaderLimit = Http.OutgoingHandler.ResponseHeaderLimit(options.MaxResponseHeaderBytes);
        Timeouts = sameTimeout?.Timeouts ?? new TimeoutSourcePool(EndpointTimeout);
        Protocol = sameTimeout?.Protocol ?? new BackendProtocol(EndpointTimeout);
    }

    /// <summary>Cancellation sources that fire after <see cref="EndpointTimeout"/>, reused across requests.</summary>
    public TimeoutSourcePool Timeouts { get; }

    /// <summary>YARP's request settings per backend protocol, carrying <see cref="EndpointTimeout"/>.</summary>
    public BackendProtocol Protocol { get; }

    /// <summary>
    /// Settings built from a reloaded configuration, keeping this object's tracing set-up (not reloadable) and, while
    /// <c>endpoint_timeout</c> stays the same, its warm pool of timeout sources.
    /// </summary>
    public ProxySettings Reload(RouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options, options.EndpointTimeout == EndpointTimeout ? this : null) { Tracing = Tracing, Spans = Spans };
    }

    /// <summary><c>max_request_header_bytes</c> and <c>max_request_headers</c> as checked per request.</summary>
    public Http.RequestSizeLimit SizeLimit { get; }

    /// <summary><c>max_response_headers</c>: header lines a response may have; 0 means unlimited.</summary>
    public int MaxResponseHeaders { get; }

    /// <summary>Bytes of response headers the outgoing clients read (<c>max_response_header_bytes</c> in whole KiB).</summary>
    public int ResponseHeaderLimit { get; }

    /// <summary><c>backends.max_conns</c>; 0 means unlimited.</summary>
    public int MaxConns { get; }

    /// <summary><c>backends.max_attempts</c>, at least 1.</summary>
    public int MaxAttempts { get; }

    /// <summary><c>endpoint_timeout</c>; zero disables it.</summary>
    public TimeSpan EndpointTimeout { get; }

    public string[] StickyCookieNames { get; }

    public bool SecureCookies { get; }

    /// <summary><c>sticky_sessions_for_auth_negotiate</c>.</summary>
    public bool StickySessionsForAuthNegotiate { get; }

    public bool EmptyPoolResponseCode503 { get; }

    public bool ForceForwardedProtoHttps { get; }

    public bool SanitizeForwardedProto { get; }

    /// <summary><c>forwarded_client_cert</c>: what happens to the client's <c>X-Forwarded-Client-Cert</c>.</summary>
    public ForwardedClientCertMode ForwardedClientCert { get; }

    /// <summary>Header names a client may not have removed by listing them in <c>Connection</c>.</summary>
    public string[] ProtectedHopByHopHeaders { get; }

    public string TraceKey { get; }

    public string HealthcheckUserAgent { get; }

    public bool DisableKeepAlives { get; }

    /// <summary><c>keep_alive_100_continue_requests</c>: no <c>Connection: close</c> for <c>Expect: 100-continue</c>.</summary>
    public bool KeepAlive100ContinueRequests { get; }

    /// <summary><c>per_request_metrics_reporting</c>: record latency and lookup-time histograms.</summary>
    public bool PerRequestMetrics { get; }

    public ResponseRewriter Rewriter { get; }

    /// <summary>The B3 and W3C header rules; null when <c>tracing.enable_zipkin</c> and <c>tracing.enable_w3c</c> are off.</summary>
    public TracePropagator? Tracing { get; init; }

    /// <summary>Request and attempt spans for OTLP; null unless <c>tracing.otlp</c> exports traces.</summary>
    public RequestSpans? Spans { get; init; }
}
