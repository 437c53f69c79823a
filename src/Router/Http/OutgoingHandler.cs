using System.Net;
using System.Net.Sockets;

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

    /// <summary>
    /// A handler with the shared settings; <paramref name="connectTimeout"/> of zero or less means none. Responses
    /// whose headers exceed <paramref name="maxResponseHeaderBytes"/> (<c>max_response_header_bytes</c>, counted by the
    /// handler in whole KiB) fail.
    /// </summary>
    public static SocketsHttpHandler Create(TimeSpan connectTimeout, int maxResponseHeaderBytes) => new()
    {
        MaxResponseHeadersLength = ResponseHeaderLimit(maxResponseHeaderBytes) / 1024,
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

    /// <summary>Go's transport reads up to 10 MiB of response headers when <c>max_response_header_bytes</c> is 0.</summary>
    public const int DefaultMaxResponseHeaderBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The bytes of response headers a handler made for <c>max_response_header_bytes</c> =
    /// <paramref name="maxResponseHeaderBytes"/> reads: whole KiB, rounded up; 0 is Go's default.
    /// </summary>
    public static int ResponseHeaderLimit(int maxResponseHeaderBytes) =>
        maxResponseHeaderBytes == 0 ? DefaultMaxResponseHeaderBytes : (int)Math.Ceiling(maxResponseHeaderBytes / 1024.0) * 1024;

    /// <summary>
    /// Opens a TCP connection for a connection callback: no Nagle delay, TCP keep-alive probes every
    /// <paramref name="keepAliveProbeInterval"/> (<c>endpoint_keep_alive_probe_interval</c>, so half-dead connections
    /// are found), and, when <paramref name="timeout"/> is positive, a dial deadline of its own that fails as a socket
    /// timeout; used where a TLS handshake follows with a deadline of its own, as Gorouter applies the two apart.
    /// </summary>
    public static async ValueTask<Stream> DialAsync(
        DnsEndPoint endPoint, TimeSpan keepAliveProbeInterval, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var keepAliveSeconds = Math.Max(1, (int)keepAliveProbeInterval.TotalSeconds);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = timeout > TimeSpan.Zero ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, keepAliveSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, keepAliveSeconds);
            deadline?.CancelAfter(timeout);
            await socket.ConnectAsync(endPoint, deadline?.Token ?? cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (deadline is not null && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
