using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Router.Proxying;

/// <summary>How the router recognises a WebSocket request, as Gorouter does (docs/gorouter-compatibility.md §7.4).</summary>
internal static class WebSocketUpgrade
{
    private const string WebSocket = "websocket";

    /// <summary>
    /// An HTTP/1.1 upgrade to WebSocket, or an HTTP/2 extended CONNECT for the WebSocket protocol (RFC 8441).
    /// The HTTP/1.1 test is Gorouter's (<c>handlers/helpers.go</c>): the first <c>Upgrade</c> value is
    /// <c>websocket</c> and some <c>Connection</c> value contains <c>upgrade</c>, both case-insensitive.
    /// </summary>
    public static bool IsRequested(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.Upgrade.Count > 0)
        {
            return IsHttp11Upgrade(headers);
        }

        return HttpMethods.IsConnect(context.Request.Method) &&
            context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect &&
            string.Equals(connect.Protocol, WebSocket, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True for the forwarder's outcome of joined connections that ended (either side closed, or the router closed
    /// them): the end of a WebSocket, not a failed attempt; the backend is neither logged nor marked.
    /// </summary>
    public static bool EndsJoinedConnections(ForwarderError error, HttpContext context) =>
        context.Response.HasStarted && error is ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeRequestClient
            or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseCanceled
            or ForwarderError.UpgradeResponseClient or ForwarderError.UpgradeResponseDestination
            or ForwarderError.UpgradeActivityTimeout;

    /// <summary>Gorouter's test on the request headers alone: no allocation, a substring match as Gorouter makes it.</summary>
    private static bool IsHttp11Upgrade(IHeaderDictionary headers)
    {
        if (!string.Equals(headers.Upgrade[0], WebSocket, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var value in headers.Connection)
        {
            if (value is not null && value.Contains("upgrade", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
