using System.Collections.Concurrent;
using Router.Configuration;
using Router.Http;
using Router.Tls;
using RouteRegistry;

namespace Router.Proxying;

/// <summary>
/// Owns the HTTP clients that carry requests to backends (docs/gorouter-compatibility.md §5.3, Appendix A). Plain-text endpoints
/// share one <see cref="SocketsHttpHandler"/>, which already keeps a keep-alive pool per host and port. TLS
/// endpoints get one handler per expected certificate name (<c>server_cert_domain_san</c>, an instance id in
/// Cloud Foundry), whose connection callback runs the handshake through <see cref="BackendTlsConnector"/>: so each
/// instance has its own pool, kept across re-registrations, and a connection opened to one instance is never
/// reused for another that later takes over its address and port (see <c>docs/tls.md</c>).
/// </summary>
internal sealed partial class BackendClientFactory : IDisposable
{
    /// <summary>Gorouter closes idle backend connections after 90 s (hard-coded there too).</summary>

    private readonly RouterOptions _options;
    private readonly Lazy<BackendTlsConnector> _tls;
    private readonly HttpMessageInvoker _plain;
    private readonly ConcurrentDictionary<string, TlsClient> _tlsBySan = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TlsClient>.AlternateLookup<ReadOnlySpan<char>> _tlsBySanLookup;

    public BackendClientFactory(RouterOptions options, TimeProvider? timeProvider = null)
    {
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _touchGranularity = _time.TimestampFrequency;

        // The system's roots are read on the first TLS endpoint, so a router without any starts no slower.
        _tls = new(() => new BackendTlsConnector(new BackendTrust(options.BackendTls, options.ClientTls), options.TlsHandshakeTimeout, _time));
        _plain = new HttpMessageInvoker(CreateHandler(serverName: null), disposeHandler: true);
        _tlsBySanLookup = _tlsBySan.GetAlternateLookup<ReadOnlySpan<char>>();
        _sweep = _time.CreateTimer(static state => ((BackendClientFactory)state!).ForgetUnusedTlsClients(), this, SweepInterval, SweepInterval);
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

        var client = _tlsBySanLookup.TryGetValue(san, out var found)
            ? found
            : _tlsBySan.GetOrAdd(san.ToString(), static (name, factory) =>
                new TlsClient(new HttpMessageInvoker(factory.CreateHandler(name), disposeHandler: true)), this);
        client.Touch(_time.GetTimestamp(), _touchGranularity);
        return client.Invoker;
    }

    public void Dispose()
    {
        _sweep.Dispose();
        _plain.Dispose();
        foreach (var client in _tlsBySan.Values)
        {
            client.Invoker.Dispose();
        }

        if (_tls.IsValueCreated)
        {
            _tls.Value.Dispose();
        }
    }

    private SocketsHttpHandler CreateHandler(string? serverName)
    {
        // TLS connections apply the dial and handshake deadlines themselves, one after the other, as Gorouter does.
        var handler = OutgoingHandler.Create(serverName is null ? _options.EndpointDialTimeout : TimeSpan.Zero, _options.MaxResponseHeaderBytes);
        handler.EnableMultipleHttp2Connections = true;
        handler.ConnectCallback = serverName is null
            ? (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, cancellationToken)
            : (context, cancellationToken) => ConnectTlsAsync(context.DnsEndPoint, serverName, OffersHttp2(context.InitialRequestMessage), cancellationToken);
        return handler;
    }

    /// <summary>
    /// A connection is opened for the request that needs it: one sent as HTTP/2 (an <c>http2</c> endpoint, see
    /// <see cref="BackendProtocol"/>) offers <c>h2</c> by ALPN. The handler uses the returned <see cref="System.Net.Security.SslStream"/>
    /// as it is and, when the backend chose <c>http/1.1</c>, sends the request over HTTP/1.1 on it.
    /// </summary>
    private static bool OffersHttp2(HttpRequestMessage request) => request.Version.Major >= 2;

    private async ValueTask<Stream> ConnectTlsAsync(System.Net.DnsEndPoint endPoint, string serverName, bool offerHttp2, CancellationToken cancellationToken)
    {
        var transport = await OutgoingHandler.DialAsync(endPoint, _options.EndpointKeepAliveProbeInterval, _options.EndpointDialTimeout, cancellationToken);
        return await _tls.Value.AuthenticateAsync(transport, serverName, offerHttp2, cancellationToken);
    }

    private ValueTask<Stream> ConnectAsync(System.Net.DnsEndPoint endPoint, CancellationToken cancellationToken) =>
        OutgoingHandler.DialAsync(endPoint, _options.EndpointKeepAliveProbeInterval, TimeSpan.Zero, cancellationToken);
}
