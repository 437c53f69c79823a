using Microsoft.AspNetCore.Http;

namespace Router.Proxying;

/// <summary>How the router recognises a WebSocket upgrade request, as Gorouter does.</summary>
internal static class WebSocketUpgrade
{
    /// <summary><c>Upgrade: websocket</c> with <c>upgrade</c> among the <c>Connection</c> tokens, both case-insensitive.</summary>
    public static bool IsRequested(IHeaderDictionary headers)
    {
        if (!string.Equals(headers.Upgrade.ToString(), "websocket", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var value in headers.Connection)
        {
            foreach (var token in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            {
                if (token.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
