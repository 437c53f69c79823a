using RouteRegistry;
using Yarp.ReverseProxy.Forwarder;

namespace Router.Proxying;

/// <summary>
/// The HTTP version of a backend attempt (docs/gorouter-compatibility.md §7.5). HTTP/1.1 unless the endpoint was
/// registered with <c>protocol: http2</c> and is reached over TLS: then HTTP/2 is offered by ALPN and the backend's
/// choice is used, as Go's transport does in Gorouter (<c>proxy/round_tripper/proxy_round_tripper.go</c>,
/// <c>GetRoundTripper</c>). A plain-text <c>http2</c> endpoint gets HTTP/1.1: Gorouter never speaks h2c.
/// <c>enable_http2: false</c> already stores such endpoints as <c>http1</c> (RouteRegistry).
/// </summary>
internal sealed class BackendProtocol
{
    /// <summary>The registration's <c>protocol</c> value asking for HTTP/2 (Gorouter <c>HTTP2Protocol</c>).</summary>
    public const string Http2 = "http2";

    public BackendProtocol(TimeSpan endpointTimeout)
    {
        // endpoint_timeout bounds the whole exchange through the router's own token; YARP's idle timeout must not cut
        // a slow but live exchange earlier.
        var activityTimeout = endpointTimeout > TimeSpan.Zero ? endpointTimeout : TimeSpan.FromDays(1);
        Http11Config = new ForwarderRequestConfig
        {
            ActivityTimeout = activityTimeout,
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        WebSocketConfig = Http11Config with { ActivityTimeout = Timeout.InfiniteTimeSpan };

        // Over https with a TLS stream from the router's own connector, the handler reads the protocol the backend
        // chose by ALPN: h2, or HTTP/1.1 for a backend without HTTP/2 (allowed by RequestVersionOrLower).
        Http2Config = new ForwarderRequestConfig
        {
            ActivityTimeout = activityTimeout,
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    /// <summary>
    /// A WebSocket upgrade: HTTP/1.1 whatever the endpoint registered, and no idle timeout, since Gorouter applies no
    /// <c>endpoint_timeout</c> to a WebSocket request, neither while waiting for the backend's answer nor once the
    /// connections are joined (<c>proxy/round_tripper/proxy_round_tripper.go</c>).
    /// </summary>
    public ForwarderRequestConfig WebSocketConfig { get; }

    /// <summary>HTTP/1.1, for every endpoint that is not a TLS <c>http2</c> one.</summary>
    public ForwarderRequestConfig Http11Config { get; }

    /// <summary>HTTP/2 by ALPN, falling back to HTTP/1.1.</summary>
    public ForwarderRequestConfig Http2Config { get; }

    /// <summary>True when <paramref name="endpoint"/> is tried over HTTP/2.</summary>
    public static bool UsesHttp2(Endpoint endpoint) =>
        endpoint.IsTls && string.Equals(endpoint.Protocol, Http2, StringComparison.Ordinal);

    /// <summary>The request settings of an attempt on <paramref name="endpoint"/>.</summary>
    public ForwarderRequestConfig For(Endpoint endpoint) => UsesHttp2(endpoint) ? Http2Config : Http11Config;
}
