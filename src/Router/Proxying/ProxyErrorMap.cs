namespace Router.Proxying;

/// <summary>How one <see cref="ProxyError"/> is answered: status, reason phrase, header value and counter.</summary>
/// <param name="StatusCode">HTTP status written to the client.</param>
/// <param name="ReasonPhrase">Text after the status code in the body, as Gorouter writes it.</param>
/// <param name="RouterError">
/// <c>X-Cf-Routererror</c> value; for backend failures the prefix <c>endpoint_failure</c>, completed with the failure detail.
/// </param>
/// <param name="CacheControl">Optional <c>Cache-Control</c> value.</param>
/// <param name="Metric">The counter this answer moves.</param>
internal readonly record struct ProxyErrorDescriptor(
    int StatusCode, string ReasonPhrase, string RouterError, string? CacheControl, ProxyErrorMetric Metric);

/// <summary>Counter moved by an error answer (docs/gorouter-compatibility.md §9).</summary>
internal enum ProxyErrorMetric
{
    None,
    RejectedRequest,
    BadGateway,
    BackendExhaustedConns,
    BackendTlsHandshakeFailed,
    BackendInvalidId,
    BackendInvalidTlsCert,
}

/// <summary>
/// The one table from failure to answer (docs/gorouter-compatibility.md §5.2, §5.4, Appendix D), as Gorouter's
/// <c>proxy/round_tripper/error_handler.go</c> and <c>handlers/lookup.go</c> do it.
/// </summary>
internal static class ProxyErrorMap
{
    private const string NoCache = "no-cache, no-store";
    private const string PublicShort = "public,max-age=2";

    public static ProxyErrorDescriptor Describe(ProxyError error) => error switch
    {
        ProxyError.EmptyHost => new(400, "Bad Request", RouterErrorValues.EmptyHost, PublicShort, ProxyErrorMetric.RejectedRequest),
        ProxyError.UnknownRoute => new(404, "Not Found", RouterErrorValues.UnknownRoute, NoCache, ProxyErrorMetric.RejectedRequest),
        ProxyError.NoEndpoints => new(503, "Service Unavailable", RouterErrorValues.NoEndpoints, PublicShort, ProxyErrorMetric.None),
        ProxyError.ConnectionLimitReached => new(503, "Service Unavailable", RouterErrorValues.ConnectionLimitReached, null, ProxyErrorMetric.BackendExhaustedConns),
        ProxyError.InvalidAppInstanceHeader => new(400, "Bad Request", RouterErrorValues.InvalidAppInstanceHeader, NoCache, ProxyErrorMetric.RejectedRequest),
        ProxyError.UnknownAppInstance or ProxyError.UnknownProcessInstance
            => new(400, "Bad Request", RouterErrorValues.UnknownRoute, NoCache, ProxyErrorMetric.RejectedRequest),
        ProxyError.InvalidProcessInstanceHeader => new(400, "Bad Request", RouterErrorValues.InvalidProcessInstanceHeader, NoCache, ProxyErrorMetric.RejectedRequest),
        ProxyError.NoEndpointAvailable => new(502, "Bad Gateway", RouterErrorValues.EndpointFailurePrefix, null, ProxyErrorMetric.BadGateway),
        ProxyError.BackendFailure => new(502, "Bad Gateway", RouterErrorValues.EndpointFailurePrefix, null, ProxyErrorMetric.BadGateway),
        ProxyError.BackendTimeout => new(502, "Bad Gateway", RouterErrorValues.EndpointFailurePrefix, null, ProxyErrorMetric.BadGateway),
        ProxyError.BackendTlsHandshakeFailed => new(525, "SSL Handshake Failed", RouterErrorValues.EndpointFailurePrefix, null, ProxyErrorMetric.BackendTlsHandshakeFailed),
        ProxyError.BackendInvalidId => new(503, "Service Unavailable", RouterErrorValues.EndpointFailurePrefix, null, ProxyErrorMetric.BackendInvalidId),
        ProxyError.BackendInvalidTlsCertificate => new(526, "Invalid SSL Certificate", RouterErrorValues.EndpointFailurePrefix, null, ProxyErrorMetric.BackendInvalidTlsCert),
        ProxyError.BackendClientCertificateRequired => new(496, "SSL Certificate Required", RouterErrorValues.EndpointFailurePrefix, null, ProxyErrorMetric.None),
        ProxyError.MalformedRequest => new(400, "Bad Request", RouterErrorValues.None, null, ProxyErrorMetric.RejectedRequest),
        ProxyError.UnsupportedTransferEncoding => new(501, "Not Implemented", RouterErrorValues.None, null, ProxyErrorMetric.RejectedRequest),
        ProxyError.RequestHeadersTooLarge => new(431, "Request Header Fields Too Large", RouterErrorValues.MaxRequestSizeExceeded, null, ProxyErrorMetric.RejectedRequest),
        ProxyError.RouteServiceUnsupported => new(502, "Bad Gateway", RouterErrorValues.RouteServiceUnsupported, null, ProxyErrorMetric.None),
        ProxyError.RouteServiceWebSocket => new(503, "Service Unavailable", RouterErrorValues.RouteServiceUnsupported, null, ProxyErrorMetric.None),
        ProxyError.RouteServiceSignatureInvalid => new(502, "Bad Gateway", RouterErrorValues.None, null, ProxyErrorMetric.None),
        ProxyError.RouteServiceSignatureExpired => new(504, "Gateway Timeout", RouterErrorValues.None, null, ProxyErrorMetric.None),
        ProxyError.StrictSignatureInvalid => new(400, "Bad Request", RouterErrorValues.InvalidRouteServiceSignature, null, ProxyErrorMetric.None),
        ProxyError.StrictSignatureExpired => new(504, "Gateway Timeout", RouterErrorValues.ExpiredRouteServiceSignature, null, ProxyErrorMetric.None),
        ProxyError.RouteServiceRequestFailed => new(500, "Internal Server Error", RouterErrorValues.None, null, ProxyErrorMetric.None),
        ProxyError.ClientCancelled => new(499, "Request Cancelled", RouterErrorValues.EndpointFailurePrefix, null, ProxyErrorMetric.None),
        _ => new(502, "Bad Gateway", RouterErrorValues.UnknownFailure, null, ProxyErrorMetric.BadGateway),
    };

    /// <summary>The sentence after <c>"&lt;code&gt; &lt;reason&gt;: "</c> in the body, or null when the body is the status line alone.</summary>
    public static string? Message(ProxyError error, string host, string? detail) => error switch
    {
        ProxyError.EmptyHost => "Request had empty Host header",
        ProxyError.UnknownRoute => $"Requested route ('{host}') does not exist.",
        ProxyError.NoEndpoints => $"Requested route ('{host}') has no available endpoints.",
        ProxyError.ConnectionLimitReached => $"Requested route ('{host}') has reached the connection limit.",
        ProxyError.InvalidAppInstanceHeader => "Invalid X-CF-App-Instance Header",
        ProxyError.InvalidProcessInstanceHeader => "Invalid X-CF-Process-Instance Header",
        ProxyError.UnknownAppInstance or ProxyError.UnknownProcessInstance => detail,
        ProxyError.NoEndpointAvailable or ProxyError.BackendFailure or ProxyError.BackendTimeout
            => "Registered endpoint failed to handle the request.",
        ProxyError.UnsupportedTransferEncoding => "Unsupported transfer encoding",
        ProxyError.RouteServiceUnsupported => "Support for route services is disabled.",
        ProxyError.RouteServiceWebSocket => "Websocket requests are not supported for routes bound to Route Services.",
        ProxyError.RouteServiceSignatureInvalid or ProxyError.RouteServiceSignatureExpired or ProxyError.StrictSignatureExpired
            => $"Failed to validate Route Service Signature: {detail}",
        ProxyError.StrictSignatureInvalid => "invalid route service signature detected",
        ProxyError.RouteServiceRequestFailed => "Route service request failed.",
        _ => null,
    };

    /// <summary>Answers after which the connection is closed: the rest of the request cannot be framed, or is not wanted.</summary>
    public static bool ClosesConnection(ProxyError error) =>
        error is ProxyError.MalformedRequest or ProxyError.UnsupportedTransferEncoding or ProxyError.RequestHeadersTooLarge;
}
