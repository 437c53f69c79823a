namespace Router.Proxying;

/// <summary>
/// Values of the <c>X-Cf-Routererror</c> response header (docs/gorouter-compatibility.md §5.4; Gorouter
/// <c>handlers/lookup.go</c>, <c>proxy/round_tripper/error_handler.go</c>).
/// </summary>
internal static class RouterErrorValues
{
    public const string EmptyHost = "empty_host";
    public const string UnknownRoute = "unknown_route";
    public const string NoEndpoints = "no_endpoints";
    public const string ConnectionLimitReached = "Connection Limit Reached";
    public const string InvalidAppInstanceHeader = "invalid_cf_app_instance_header";
    public const string InvalidProcessInstanceHeader = "invalid_cf_process_instance_header";
    public const string EndpointFailurePrefix = "endpoint_failure";
    public const string UnknownFailure = "unknown_failure";

    /// <summary>Gorouter <c>handlers/routeservice.go</c>: route services off, or a WebSocket on a route-service route.</summary>
    public const string RouteServiceUnsupported = "route_service_unsupported";

    /// <summary>Gorouter <c>handlers/routeservice.go</c>, strict signature checks on routes without a route service.</summary>
    public const string InvalidRouteServiceSignature = "invalid_route_service_signature";

    /// <summary>Gorouter <c>handlers/routeservice.go</c>, strict signature checks on routes without a route service.</summary>
    public const string ExpiredRouteServiceSignature = "expired_route_service_signature";

    /// <summary>Gorouter <c>handlers/max_request_size.go</c>.</summary>
    public const string MaxRequestSizeExceeded = "max-request-size-exceeded";

    /// <summary>No <c>X-Cf-Routererror</c>: Go's server refuses bad framing before Gorouter's handlers run.</summary>
    public const string None = "";
}
