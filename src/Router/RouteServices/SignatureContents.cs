namespace Router.RouteServices;

/// <summary>
/// What a route-service signature says (Gorouter <c>routeservice/signature.go</c> <c>SignatureContents</c>): the URL the
/// client asked for and when the router sent it to the route service.
/// </summary>
/// <param name="ForwardedUrl">JSON <c>forwarded_url</c>.</param>
/// <param name="RequestedTime">JSON <c>requested_time</c>, RFC 3339 with nanoseconds as Go writes <c>time.Time</c>.</param>
internal readonly record struct SignatureContents(string ForwardedUrl, DateTimeOffset RequestedTime);
