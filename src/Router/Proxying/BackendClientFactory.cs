using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using Router.Configuration;
using RouteRegistry;

namespace Router.Proxying;

/// <summary>
/// Owns the HTTP clients that carry requests to backends (gorouter.md §5.3, Appendix A). Plain-text endpoints
/// share one <see cref="SocketsHttpHandler"/>, which already keeps a keep-alive pool per host and port; TLS
/// endpoints get one handler per expected certificate name, since the name sent as SNI and checked in the
/// certificate is a handler-wide setting.
/// </summary>
internal sealed class BackendClientFactory : IDisposable
{
    /// <summary>Gorouter closes idle backend connections after 90 s (hard-coded there too).</summary>
    private static readonly TimeSpan IdleConnectionTimeout = TimeSpan.FromSeconds(90);

    private readonly RouterOptions _options;
    private readonly HttpMessageInvoker _plain;
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _tlsBySan = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HttpMessageInvoker>.AlternateLookup<ReadOnlySpan<char>> _tlsBySanLookup;

    public BackendClientFactory(RouterOptions options)
    {
        _options = options;
        _plain = new HttpMessageInvoker(CreateHandler(serverName: null), disposeHandler: true);
        _tlsBySanLookup = _tlsBySan.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The client for <paramref name="endpoint"/>; no allocation for plain-text endpoints.</summary>
    public HttpMessageInvoker GetClient(Endpoint endpoint)
    {
        if (!endpoint.IsTls)
        {
            return _plain;
        }

        // Looked up by the name written into a buffer: an instance-id SAN is stored as a GUID, not as a string.
        Span<char> buffer = stackalloc char[Endpoint.FormatBufferLength];
        var san = endpoint.FormatServerCertDomainSan(buffer);
        if (san.IsEmpty)
        {
            san = endpoint.Host;
        }

        return _tlsBySanLookup.TryGetValue(san, out var client)
            ? client
            : _tlsBySan.GetOrAdd(san.ToString(), static (name, factory) =>
                new HttpMessageInvoker(factory.CreateHandler(name), disposeHandler: true), this);
    }

    public void Dispose()
    {
        _plain.Dispose();
        foreach (var client in _tlsBySan.Values)
        {
            client.Dispose();
        }
    }

    private SocketsHttpHandler CreateHandler(string? serverName)
    {
        var keepAliveSeconds = Math.Max(1, (int)_options.EndpointKeepAliveProbeInterval.TotalSeconds);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = _options.EndpointDialTimeout > TimeSpan.Zero ? _options.EndpointDialTimeout : Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = IdleConnectionTimeout,
            EnableMultipleHttp2Connections = true,

            // The router sets its own tracing headers; the handler must not add traceparent on its own.
            ActivityHeadersPropagator = null,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    // TCP keep-alive probes find half-dead backend connections (endpoint_keep_alive_probe_interval).
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, keepAliveSeconds);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, keepAliveSeconds);
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        if (serverName is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { TargetHost = serverName };
        }

        return handler;
    }
}
