namespace Router.Http;

/// <summary>
/// The <see cref="SocketsHttpHandler"/> settings every outgoing client of the router shares, toward backends and
/// toward route services: no proxy, redirects, decompression or cookies of its own, Gorouter's idle timeout, no
/// trace headers added by the handler, and request headers encoded as UTF-8.
/// </summary>
internal static class OutgoingHandler
{
    /// <summary>Idle pooled connections close after this long, as in Gorouter's transport.</summary>
    public static readonly TimeSpan IdleConnectionTimeout = TimeSpan.FromSeconds(90);

    /// <summary>A handler with the shared settings; <paramref name="connectTimeout"/> of zero or less means none.</summary>
    public static SocketsHttpHandler Create(TimeSpan connectTimeout) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = connectTimeout > TimeSpan.Zero ? connectTimeout : Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = IdleConnectionTimeout,

        // The router sets its own tracing headers; the handler must not add traceparent on its own.
        ActivityHeadersPropagator = null,

        // Kestrel decodes request header values as UTF-8; encoding them back the same way forwards the client's
        // bytes unchanged, as Gorouter does (the handler's default, ASCII only, would fail such a request).
        RequestHeaderEncodingSelector = static (_, _) => System.Text.Encoding.UTF8,
    };
}
