namespace Router.RouteServices;

/// <summary>
/// The headers that carry a request to a route service and back, as Gorouter names them
/// (Gorouter <c>routeservice/routeservice_config.go</c>; docs/gorouter-compatibility.md §7.3).
/// </summary>
internal static class RouteServiceHeaders
{
    /// <summary>The encrypted signature: URL-safe, padded base64 of AES-GCM ciphertext and tag.</summary>
    public const string Signature = "X-CF-Proxy-Signature";

    /// <summary>The URL the client asked for, in clear; the route service sends the request there.</summary>
    public const string ForwardedUrl = "X-CF-Forwarded-Url";

    /// <summary>URL-safe, padded base64 of <c>{"nonce":"&lt;standard base64 of the 12-byte nonce&gt;"}</c>.</summary>
    public const string Metadata = "X-CF-Proxy-Metadata";
}
