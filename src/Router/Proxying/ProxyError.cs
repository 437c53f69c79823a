namespace Router.Proxying;

/// <summary>Every way a request can end without a backend response, mapped by <see cref="ProxyErrorMap"/>.</summary>
internal enum ProxyError
{
    /// <summary>Host header empty or equal to the client IP.</summary>
    EmptyHost,

    /// <summary>No route matches the host and path.</summary>
    UnknownRoute,

    /// <summary>The route exists but has no endpoints and empty-pool 503s are on.</summary>
    NoEndpoints,

    /// <summary>Every endpoint of the route is at <c>backends.max_conns</c>.</summary>
    ConnectionLimitReached,

    /// <summary>Malformed <c>X-CF-APP-INSTANCE</c> header.</summary>
    InvalidAppInstanceHeader,

    /// <summary>Well-formed <c>X-CF-APP-INSTANCE</c> naming an instance the route does not have.</summary>
    UnknownAppInstance,

    /// <summary>Malformed <c>X-CF-PROCESS-INSTANCE</c> header.</summary>
    InvalidProcessInstanceHeader,

    /// <summary>Well-formed <c>X-CF-PROCESS-INSTANCE</c> naming a process or instance the route does not have.</summary>
    UnknownProcessInstance,

    /// <summary>No endpoint could be selected before any attempt was made.</summary>
    NoEndpointAvailable,

    /// <summary>The backend failed: connection refused, reset, premature end, bad response.</summary>
    BackendFailure,

    /// <summary><c>endpoint_timeout</c> expired during the backend exchange.</summary>
    BackendTimeout,

    /// <summary>TLS to a plain-text backend, or the backend's handshake failed.</summary>
    BackendTlsHandshakeFailed,

    /// <summary>The backend certificate does not name the expected <c>server_cert_domain_san</c>.</summary>
    BackendInvalidId,

    /// <summary>The backend certificate is untrusted or expired.</summary>
    BackendInvalidTlsCertificate,

    /// <summary>The backend refused the router's client certificate, or asked for one the router does not have.</summary>
    BackendClientCertificateRequired,

    /// <summary>The client went away before the response was complete.</summary>
    ClientCancelled,

    /// <summary>Request framing that cannot be trusted (<c>Transfer-Encoding</c> with <c>Content-Length</c>, a malformed chunked body).</summary>
    MalformedRequest,

    /// <summary>A <c>Transfer-Encoding</c> other than one <c>chunked</c>.</summary>
    UnsupportedTransferEncoding,

    /// <summary>Request line and headers over <c>max_request_header_bytes</c>, or more headers than <c>max_request_headers</c>.</summary>
    RequestHeadersTooLarge,

    /// <summary>The route has a route service and route services are off (no <c>route_services_secret</c>).</summary>
    RouteServiceUnsupported,

    /// <summary>A WebSocket upgrade for a route with a route service.</summary>
    RouteServiceWebSocket,

    /// <summary>A signature back from a route service that does not open or names another route.</summary>
    RouteServiceSignatureInvalid,

    /// <summary>A signature back from a route service older than <c>route_services_timeout</c>.</summary>
    RouteServiceSignatureExpired,

    /// <summary>With strict signature checks, a bad signature on a route without a route service.</summary>
    StrictSignatureInvalid,

    /// <summary>With strict signature checks, an expired signature on a route without a route service.</summary>
    StrictSignatureExpired,

    /// <summary>The request to the route service could not be made (its URL does not parse).</summary>
    RouteServiceRequestFailed,
}
