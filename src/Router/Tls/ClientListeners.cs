using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Router.Configuration;
using Router.Metrics;

namespace Router.Tls;

/// <summary>
/// The client-facing listeners on <c>bind_address</c>: plain HTTP/1.1 on <c>port</c> unless <c>disable_http</c>, and
/// with <c>enable_ssl</c> TLS on <c>ssl_port</c> offering <c>h2</c> and <c>http/1.1</c> by ALPN when <c>enable_http2</c>
/// is on. With <c>enable_proxy</c> both read an optional PROXY v1 header first. Certificates and trust are loaded
/// here at start-up and again by each configuration reload (<see cref="ReloadTls"/>): every new connection reads the
/// current <see cref="ServerTlsState"/> once, and an open connection keeps the certificate it was handshaken with.
/// </summary>
internal sealed partial class ClientListeners : IDisposable
{
    private readonly RouterOptions _options;
    private readonly RouterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ProxyProtocolReader _proxyProtocol;
    private readonly ILoggerFactory _loggers;
    private ServerTlsState? _tls;

    // Replaced states are not disposed: connections still open may hold their certificates. Each is collected once
    // the last of them has closed.
    private ServerTlsState? _first;

    public ClientListeners(RouterOptions options, RouterMetrics metrics, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _metrics = metrics;
        _logger = loggers.CreateLogger<ClientListeners>();
        _loggers = loggers;
        _proxyProtocol = new ProxyProtocolReader(loggers.CreateLogger<ProxyProtocolReader>());
        if (options.ClientTls.EnableSsl)
        {
            _tls = _first = new ServerTlsState(options.ClientTls, options.EnableHttp2, loggers);
        }
    }

    /// <summary>The certificates and trust new TLS connections get; null without <c>enable_ssl</c>.</summary>
    public ServerTlsState? Tls => Volatile.Read(ref _tls);

    /// <summary>
    /// Builds the certificates and client trust of a reloaded configuration, for <see cref="CommitTls"/> to swap in.
    /// Null when the TLS listener is off (it cannot be opened without a restart).
    /// </summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A certificate or key cannot be loaded.</exception>
    public ServerTlsState? ReloadTls(ClientTlsOptions tls) =>
        Tls is null ? null : new ServerTlsState(tls, _options.EnableHttp2, _loggers);

    /// <summary>New connections from now on are handshaken with <paramref name="state"/>.</summary>
    public void CommitTls(ServerTlsState state) => Volatile.Write(ref _tls, state);

    public void Listen(KestrelServerOptions kestrel, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var tls = _options.ClientTls;
        if (!tls.DisableHttp)
        {
            kestrel.Listen(address, _options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (tls.EnableProxy)
                {
                    listen.Use(_proxyProtocol.OnConnectionAsync);
                }
            });
        }

        if (Tls is not null)
        {
            kestrel.Listen(address, tls.SslPort, ListenTls);
        }
    }

    public void Dispose()
    {
        _first?.Certificates.Dispose();
        _first?.Trust.Dispose();
    }

    private void ListenTls(ListenOptions listen)
    {
        listen.Protocols = _options.EnableHttp2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
        if (_options.ClientTls.EnableProxy)
        {
            listen.Use(_proxyProtocol.OnConnectionAsync);
        }

        listen.Use(CountFailedHandshakeAsync);
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = static context =>
                ValueTask.FromResult(((ClientListeners)context.State!).Tls!.Certificates.Select(context.ClientHelloInfo.ServerName)),
            OnConnectionState = this,
            HandshakeTimeout = _options.TlsHandshakeTimeout,
        });
        var setClientCertificate = _options.ForwardedClientCert != ForwardedClientCertMode.AlwaysForward;
        listen.Use(next => connection =>
        {
            connection.Features.Get<TlsHandshakeCompletion>()!.Completed = true;
            ClientCertificateTrust.Peer.Value = null;
            if (setClientCertificate && connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate is { } certificate)
            {
                connection.Features.Set(new ClientCertificateValueFeature(certificate));
            }

            return next(connection);
        });
    }

    /// <summary>Runs outside the TLS layer: counts connections that end without a completed handshake.</summary>
    private async Task CountFailedHandshakeAsync(ConnectionContext connection, Func<Task> next)
    {
        var completion = new TlsHandshakeCompletion();
        connection.Features.Set(completion);
        if (Tls is { ChecksClientCertificates: true })
        {
            // Flows into the certificate callback of this connection's handshake; restored when this method returns.
            ClientCertificateTrust.Peer.Value = connection.RemoteEndPoint;
        }

        await next();
        if (!completion.Completed)
        {
            _metrics.ClientTlsHandshakeFailed();
            LogHandshakeFailed(_logger, connection.RemoteEndPoint);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "tls-handshake-failed", Level = LogLevel.Debug,
        Message = "Connection from {Remote} closed before its TLS handshake completed")]
    private static partial void LogHandshakeFailed(ILogger logger, EndPoint? remote);

    /// <summary>A connection feature set before the handshake and marked once it has completed.</summary>
    private sealed class TlsHandshakeCompletion
    {
        public bool Completed { get; set; }
    }
}
