using Router.RouteServices;

namespace Router.Proxying;

/// <summary>What the route-service gate decided for one request.</summary>
internal enum RouteServiceOutcome
{
    /// <summary>Go on to the app: no route service is involved, or the request came back from it with a valid signature.</summary>
    ToApp,

    /// <summary>Send the request to the route service.</summary>
    ToRouteService,

    /// <summary>Answer with <see cref="RouteServiceDecision.Error"/>.</summary>
    Reject,
}

/// <summary>The gate's decision, the error for a rejection (with Go's error text) or the route-service request.</summary>
internal readonly record struct RouteServiceDecision(RouteServiceOutcome Outcome, ProxyError Error, string? Detail, RouteServiceRequest? Request)
{
    public static readonly RouteServiceDecision ToApp = new(RouteServiceOutcome.ToApp, default, null, null);

    public static RouteServiceDecision Reject(ProxyError error, string? detail = null) => new(RouteServiceOutcome.Reject, error, detail, null);
}
