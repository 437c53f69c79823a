namespace Router.RouteServices;

/// <summary>
/// Where one request goes on its way to a route service, and the headers it carries there (Gorouter
/// <c>handlers/routeservice.go</c> and <c>proxy/round_tripper/proxy_round_tripper.go</c>): the route service's URL
/// replaces the request-target, its authority becomes <c>Host</c>.
/// </summary>
/// <param name="Target">The URI the request is sent to: the route service's, or the internal listener's when hairpinned.</param>
/// <param name="Host">The <c>Host</c> header: the route service URL's authority.</param>
/// <param name="Signature"><c>X-CF-Proxy-Signature</c>.</param>
/// <param name="Metadata"><c>X-CF-Proxy-Metadata</c>.</param>
/// <param name="ForwardedUrl"><c>X-CF-Forwarded-Url</c>.</param>
/// <param name="Hairpinned">True when the request goes through this router's internal listener.</param>
internal sealed record RouteServiceRequest(Uri Target, string Host, string Signature, string Metadata, string ForwardedUrl, bool Hairpinned);
