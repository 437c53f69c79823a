using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Router.Proxying;

/// <summary>
/// Gorouter's rules for the headers a backend receives: <c>Host</c>, hop-by-hop headers named in
/// <c>Connection</c>, <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>, <c>X-Forwarded-Client-Cert</c>, <c>X-Request-Start</c>,
/// <c>X-Vcap-Request-Id</c>, the <c>X-CF-*</c> instance headers and <c>Connection: close</c>
/// (Gorouter <c>handlers/</c> and <c>proxy/proxy.go</c>). Applied to each attempt after YARP's own copy of the
/// request headers.
/// </summary>
internal static class BackendRequestHeaders
{
    /// <summary>Rewrites <paramref name="proxyRequest"/>'s headers for the attempt that <paramref name="exchange"/> is on.</summary>
    public static void Apply(HttpRequest request, HttpRequestMessage proxyRequest, ProxySettings settings, ProxyExchange exchange, string clientIp)
    {
        var headers = proxyRequest.Headers;
        headers.Host = request.Headers.Host.ToString();

        var incoming = request.Headers;
        if (incoming.Connection.Count > 0)
        {
            RemoveConnectionListed(incoming.Connection, proxyRequest, settings);
        }

        headers.Remove(RouterHeaders.ForwardedFor);
        var forwardedFor = incoming[RouterHeaders.ForwardedFor];
        headers.TryAddWithoutValidation(
            RouterHeaders.ForwardedFor,
            forwardedFor.Count == 0 ? clientIp : string.Concat(string.Join(", ", forwardedFor.ToArray()), ", ", clientIp));

        if (settings.ForceForwardedProtoHttps)
        {
            SetHeader(headers, RouterHeaders.ForwardedProto, "https");
        }
        else if (settings.SanitizeForwardedProto || string.IsNullOrEmpty(incoming[RouterHeaders.ForwardedProto]))
        {
            SetHeader(headers, RouterHeaders.ForwardedProto, request.IsHttps ? "https" : "http");
        }

        ForwardedClientCertHeader.Apply(settings.ForwardedClientCert, request.HttpContext, headers);
        if (!incoming.ContainsKey(RouterHeaders.RequestStart))
        {
            headers.TryAddWithoutValidation(RouterHeaders.RequestStart, exchange.RequestStartMilliseconds.ToString(CultureInfo.InvariantCulture));
        }

        SetHeader(headers, RouterHeaders.VcapRequestId, exchange.RequestId);
        if (exchange.Endpoint is { } endpoint)
        {
            SetHeader(headers, RouterHeaders.ApplicationId, endpoint.ApplicationId);
            SetHeader(headers, RouterHeaders.InstanceIndex, endpoint.PrivateInstanceIndex);
            // Built per request (about 90 bytes) rather than kept per endpoint: see Endpoint's fields.
            SetHeader(headers, RouterHeaders.InstanceId, endpoint.InstanceIdOrAddress);
        }

        headers.Remove(RouterHeaders.AppInstance);

        // Gorouter sends Expect: 100-continue requests with Connection: close unless keep_alive_100_continue_requests.
        if (settings.DisableKeepAlives || (!settings.KeepAlive100ContinueRequests && ExpectsContinue(incoming.Expect)))
        {
            headers.ConnectionClose = true;
        }
    }

    /// <summary>The first <c>Expect</c> value is <c>100-continue</c>, in any case (Go's <c>Header.Get</c> reads the first).</summary>
    private static bool ExpectsContinue(StringValues expect) =>
        expect.Count > 0 && string.Equals(expect[0], "100-continue", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A request on its way to a route service: the route service's <c>Host</c> and the three route-service headers
    /// (Gorouter <c>handlers/routeservice.go</c>); no <c>X-CF-*</c> instance headers, as no endpoint was chosen.
    /// </summary>
    public static void ApplyRouteService(HttpRequestHeaders headers, RouteServices.RouteServiceRequest routeService)
    {
        headers.Host = routeService.Host;
        SetHeader(headers, RouteServices.RouteServiceHeaders.Signature, routeService.Signature);
        SetHeader(headers, RouteServices.RouteServiceHeaders.Metadata, routeService.Metadata);
        SetHeader(headers, RouteServices.RouteServiceHeaders.ForwardedUrl, routeService.ForwardedUrl);
    }

    private static void RemoveConnectionListed(StringValues connection, HttpRequestMessage proxyRequest, ProxySettings settings)
    {
        foreach (var value in connection)
        {
            foreach (var token in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Equals("close", StringComparison.OrdinalIgnoreCase) ||
                    token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) ||
                    token.Equals("upgrade", StringComparison.OrdinalIgnoreCase) ||
                    IsProtected(token, settings))
                {
                    continue;
                }

                proxyRequest.Headers.Remove(token);
                proxyRequest.Content?.Headers.Remove(token);
            }
        }
    }

    private static bool IsProtected(string name, ProxySettings settings)
    {
        foreach (var candidate in settings.ProtectedHopByHopHeaders)
        {
            if (candidate.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void SetHeader(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
