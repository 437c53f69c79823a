using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.AccessLog;
using Router.Configuration;
using Router.Dashboard;
using Router.Http;
using Router.Metrics;
using Router.Proxying;
using Router.Registration;
using Router.Status;
using Router.Tls;
using RouteRegistry;
using Yarp.ReverseProxy.Forwarder;

namespace Router.Hosting;

/// <summary>
/// The whole router in one process: the route table, the NATS subscriber, the pruner, the status listeners and
/// the proxy listener, started in Gorouter's order (docs/gorouter-compatibility.md §8.3) and stopped with a drain.
/// </summary>
internal sealed partial class RouterHost : IAsyncDisposable
{
    private readonly RouterOptions _options;
    private readonly RouterHostSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly BackendClientFactory _clients;
    private readonly ClientListeners _listeners;
    private readonly RouteServiceGate _routeServices;
    private readonly WebSocketConnections _webSockets = new();
    private WebApplication? _statusApp;
    private WebApplication? _proxyApp;
    private MessageBusSubscriber? _subscriber;
    private readonly AccessLogSwitch _accessLog = new(null);
    private ProxyHandler? _proxyHandler;
    private Task _pruning = Task.CompletedTask;
    private Task _compacting = Task.CompletedTask;

    public RouterHost(RouterOptions options, RouterHostSettings? settings = null)
    {
        _options = options;
        _running = options;
        _settings = settings ?? new RouterHostSettings();
        LevelSwitch = new LogLevelSwitch(RouterLogging.ParseLevel(options.Logging.Level));
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder =>
        {
            if (_settings.ConfigureLogging is { } configure)
            {
                configure(builder);
            }
            else
            {
                RouterLogging.Configure(builder, options.Logging, LevelSwitch);
            }
        });
        _logger = LoggerFactory.CreateLogger<RouterHost>();
        Health = new HealthState();
        Metrics = new RouterMetrics(timeProvider: _settings.TimeProvider);
        RouteTable = new RouteTable(
            new RouteTableOptions
            {
                DropletStaleThreshold = options.DropletStaleThreshold,
                DefaultLoadBalancing = options.BalancingAlgorithm,
                LocalAvailabilityZone = options.BalancingAlgorithmAzPreference == AvailabilityZonePreference.LocallyOptimistic ? options.Zone : null,
                EmptyPoolResponseCode503 = options.EmptyPoolResponseCode503,
                EmptyPoolTimeout = options.EmptyPoolTimeout,
                ShardingMode = options.RoutingTableShardingMode,
                IsolationSegments = options.IsolationSegments.ToHashSet(StringComparer.Ordinal),
                EnableHttp2 = options.EnableHttp2,
            },
            _settings.TimeProvider,
            LoggerFactory.CreateLogger<RouteTable>());
        _clients = new BackendClientFactory(options);
        _routeServices = new RouteServiceGate(RouteTable, options, LoggerFactory.CreateLogger<RouteServiceGate>(), _settings.TimeProvider);

        // Loads tls_pem and client_ca_certs now, so a certificate the validator let through cannot fail later.
        _listeners = new ClientListeners(options, Metrics, LoggerFactory);
        Metrics.TotalRoutes = () => RouteTable.RouteCount;
        Metrics.RoutesPrunedTotal = () => RouteTable.PrunedEndpointsTotal;
        Metrics.MsSinceLastRegistryUpdate = () => RouteTable.LastRegistryUpdate is { } last
            ? (_settings.TimeProvider.GetUtcNow() - last).TotalMilliseconds
            : -1;
    }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The level of the console log (<c>logging.level</c>); it has no effect with <see cref="RouterHostSettings.ConfigureLogging"/>.</summary>
    public LogLevelSwitch LevelSwitch { get; }

    public RouteTable RouteTable { get; }

    public RouterMetrics Metrics { get; }

    public HealthState Health { get; }

    /// <summary>True while the NATS connection is up (always true when the host runs without NATS).</summary>
    public bool IsMessageBusConnected => _subscriber?.IsConnected ?? !_settings.ConnectMessageBus;

    /// <summary>Completes when the router has stopped for good (after a drain or a stop).</summary>
    public Task Stopped => _stoppedSource.Task;

    private readonly TaskCompletionSource _stoppedSource = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Starts in Gorouter's order: NATS, status listeners (health 503), <c>router.start</c> and subscriptions,
    /// pruning, <c>start_response_delay_interval</c>, the proxy listener, health 200.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        StartRouteSnapshots();
        if (_settings.ConnectMessageBus)
        {
            _subscriber = new MessageBusSubscriber(_options, RouteTable, Metrics, _settings.TimeProvider, LoggerFactory, _settings.NatsPendingMessageLimit)
            {
                // The warm-up's made-up routes are logged as real ones would be, in the same format, to nowhere.
                CreateWarmUpLogging = () => Microsoft.Extensions.Logging.LoggerFactory.Create(
                    builder => RouterLogging.Configure(builder, _options.Logging, static () => Stream.Null, ownsOutput: true)),
            };
            await _subscriber.ConnectAsync(cancellationToken);
            Metrics.BufferedMessages = () => _subscriber.BufferedMessages;
            Metrics.TotalDroppedMessages = () => _subscriber.DroppedMessages;
        }

        _statusApp = BuildStatusApp();
        await _statusApp.StartAsync(cancellationToken);
        if (_subscriber is not null)
        {
            await _subscriber.StartAsync(_stopping.Token);
        }

        if (_options.PruneStaleDropletsInterval > TimeSpan.Zero)
        {
            var pruner = new StaleRoutePruner(
                RouteTable,
                _options.PruneStaleDropletsInterval,
                () => _subscriber?.IsConnected ?? true,
                _options.SuspendPruningIfNatsUnavailable,
                _settings.TimeProvider,
                LoggerFactory.CreateLogger<StaleRoutePruner>());
            _pruning = Task.Run(() => pruner.RunAsync(_stopping.Token), CancellationToken.None);
        }

        var compaction = new HeapCompaction(RouteTable, _settings.TimeProvider, LoggerFactory.CreateLogger<HeapCompaction>());
        _compacting = Task.Run(() => compaction.RunAsync(_stopping.Token), CancellationToken.None);

        if (_options.StartResponseDelayInterval > TimeSpan.Zero)
        {
            LogWaitingForRoutes(_logger, _options.StartResponseDelayInterval.TotalSeconds);
            await Task.Delay(_options.StartResponseDelayInterval, _settings.TimeProvider, cancellationToken);
        }

        if (AccessLogWriter.IsEnabled(_options))
        {
            // Fails start-up when the file cannot be opened, as Gorouter does.
            var accessLog = new AccessLogWriter(_options, LoggerFactory.CreateLogger<AccessLogWriter>());
            accessLog.Start();
            await _accessLog.ReplaceAsync(accessLog);
            CountSyslog(accessLog);
        }

        _proxyApp = BuildProxyApp();
        await _proxyApp.StartAsync(cancellationToken);
        Health.SetHealthy();
        if (!_options.ClientTls.DisableHttp)
        {
            LogListening(_logger, _options.BindAddress, _options.Port);
        }

        if (_options.ClientTls.EnableSsl)
        {
            LogTlsListening(_logger, _options.BindAddress, _options.ClientTls.SslPort);
        }
    }

    /// <summary>
    /// Drains as Gorouter does on SIGUSR1 (docs/gorouter-compatibility.md §8.3): health 503, keep serving for <paramref name="drainWait"/>,
    /// stop accepting, wait up to <c>drain_timeout</c> for requests in flight, then stop everything.
    /// </summary>
    public async Task DrainAsync(TimeSpan drainWait)
    {
        Health.SetDegraded();
        LogDraining(_logger, drainWait.TotalSeconds, Running.EffectiveDrainTimeout.TotalSeconds);
        await SaveRouteSnapshotAsync();
        if (drainWait > TimeSpan.Zero)
        {
            await Task.Delay(drainWait, _settings.TimeProvider);
        }

        await StopAsync();
    }

    /// <summary>
    /// Closes every WebSocket, stops accepting, lets requests in flight finish within <c>drain_timeout</c>, then
    /// stops the rest. WebSockets are closed first so that none holds up the wait (docs/gorouter-compatibility.md §7.4).
    /// </summary>
    public async Task StopAsync()
    {
        Health.SetDegraded();
        await _webSockets.CloseAllAsync();
        using (var drainTimeout = new CancellationTokenSource(Running.EffectiveDrainTimeout))
        {
            if (_proxyApp is not null)
            {
                await _proxyApp.StopAsync(drainTimeout.Token);
            }
        }

        // No request is in flight any more: everything queued is written before the file closes.
        await _accessLog.DisposeAsync();

        await _stopping.CancelAsync();
        await _pruning.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _compacting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync();
        }

        await StopRouteSnapshotsAsync();
        if (_statusApp is not null)
        {
            await _statusApp.StopAsync(CancellationToken.None);
        }

        _stoppedSource.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stoppedSource.Task.IsCompleted)
        {
            await StopAsync();
        }

        if (_proxyApp is not null)
        {
            await _proxyApp.DisposeAsync();
        }

        if (_statusApp is not null)
        {
            await _statusApp.DisposeAsync();
        }

        _watcher?.Dispose();
        _reloader?.Dispose();
        await DisposeRouteSnapshotsAsync();
        _clients.Dispose();
        _routeServices.Dispose();
        _listeners.Dispose();
        _webSockets.Dispose();
        DisposeOtlp();
        Metrics.Dispose();
        _stopping.Dispose();
        LoggerFactory.Dispose();
    }

    private WebApplication BuildProxyApp()
    {
        var builder = CreateBuilder();
        builder.Services.AddHttpForwarder();

        // With the runtime's socket completions inline, Kestrel runs requests on the same event thread too.
        builder.Services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = InlineSocketCompletions.Enabled);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ConfigureLimits(kestrel);
            _listeners.Listen(kestrel, ParseAddress(_options.BindAddress));
            if (_options.RouteServices is { Enabled: true, Hairpinning: true } routeServices)
            {
                // Hairpinned route-service requests come back in here: loopback only, plain HTTP/1.1.
                kestrel.Listen(System.Net.IPAddress.Loopback, routeServices.InternalServerPort, l => l.Protocols = HttpProtocols.Http1);
            }
        });
        var app = builder.Build();
        var handler = _proxyHandler = new ProxyHandler(
            RouteTable,
            app.Services.GetRequiredService<IHttpForwarder>(),
            _clients,
            CreateProxySettings(),
            Metrics,
            Health,
            _webSockets,
            LoggerFactory.CreateLogger<ProxyHandler>(),
            _routeServices,
            _accessLog);
        app.Run(handler.InvokeAsync);
        return app;
    }

    private WebApplication BuildStatusApp()
    {
        var builder = CreateBuilder();
        var statusPort = _options.Status.Port;
        var routesPort = _options.Status.Routes.Port;
        var metricsPort = _options.Prometheus.Enabled ? _options.Prometheus.Port : -1;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(ParseAddress(_options.Status.Host), statusPort);
            kestrel.Listen(ParseAddress(_options.Status.Routes.Host), routesPort);
            if (metricsPort > 0)
            {
                kestrel.Listen(ParseAddress(_options.Prometheus.Host), metricsPort);
            }
        });
        var app = builder.Build();
        var credentials = new StatusCredentials(_options.Status.User, _options.Status.Pass);
        var routes = new RoutesEndpoint(RouteTable, credentials);
        var dashboard = new DashboardEndpoints(
            RouteTable, credentials, _settings.TimeProvider, () => _subscriber is null ? null : _subscriber.IsConnected, LoggerFactory, app.Lifetime.ApplicationStopping);
        var metricsPath = _options.Prometheus.Path;
        app.Run(context =>
        {
            var port = context.Connection.LocalPort;
            var path = context.Request.Path.Value ?? string.Empty;
            if (port == statusPort)
            {
                if (path == HealthEndpoint.HealthPath)
                {
                    return HealthEndpoint.WriteHealthAsync(context, Health);
                }

                if (path == HealthEndpoint.ProcessAlivePath)
                {
                    return HealthEndpoint.WriteProcessAliveAsync(context);
                }
            }
            else if (port == routesPort && path == RoutesEndpoint.Path)
            {
                return routes.WriteAsync(context);
            }
            else if (port == routesPort && DashboardEndpoints.Handles(path))
            {
                return dashboard.HandleAsync(context);
            }
            else if (port == metricsPort && path == metricsPath)
            {
                return MetricsEndpoint.WriteAsync(context, Metrics);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    private WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton(LoggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        return builder;
    }

    private void ConfigureLimits(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        kestrel.AllowSynchronousIO = false;

        // Absolute-form targets route by their authority, as Gorouter (Go's net/http) does.
        kestrel.AllowHostHeaderOverride = true;
        // Only 1*DIGIT passes as Content-Length, no control character in a header value (Http/RequestHeaderEncodings.cs).
        kestrel.RequestHeaderEncodingSelector = new RequestHeaderEncodings(Metrics.RejectedRequest).Selector;
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = null;

        // Above the configured limits, which the proxy handler checks (Http/RequestSizeLimit.cs).
        var sizeLimit = new RequestSizeLimit(_options.MaxRequestHeaderBytes, _options.MaxRequestHeaders);
        limits.MaxRequestHeadersTotalSize = sizeLimit.KestrelLineAndHeaderBytes;
        limits.MaxRequestLineSize = sizeLimit.KestrelLineAndHeaderBytes;
        limits.MaxRequestHeaderCount = sizeLimit.KestrelHeaderCount;
        limits.MaxRequestBufferSize = Math.Max(limits.MaxRequestBufferSize ?? 0, sizeLimit.KestrelLineAndHeaderBytes);
        if (_options.FrontendIdleTimeout > TimeSpan.Zero)
        {
            limits.KeepAliveTimeout = _options.FrontendIdleTimeout;
        }

        if (_options.ReadHeaderTimeout > TimeSpan.Zero)
        {
            limits.RequestHeadersTimeout = _options.ReadHeaderTimeout;
        }

        // Request bodies are streamed to backends at the client's pace; no minimum rate is enforced.
        limits.MinRequestBodyDataRate = null;
        limits.MinResponseDataRate = null;
    }

    private static IPAddress ParseAddress(string host) =>
        host is "" or "0.0.0.0" or "*" ? IPAddress.Any
        : host is "localhost" ? IPAddress.Loopback
        : IPAddress.Parse(host);

    [LoggerMessage(EventId = 1, EventName = "waiting-for-route-registration", Level = LogLevel.Information,
        Message = "Waiting {Seconds} s for routes to be registered before opening the proxy listener")]
    private static partial void LogWaitingForRoutes(ILogger logger, double seconds);

    [LoggerMessage(EventId = 2, EventName = "gorouter.started", Level = LogLevel.Information,
        Message = "Router listening on {Address}:{Port}")]
    private static partial void LogListening(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 4, EventName = "tls-listener-started", Level = LogLevel.Information,
        Message = "Router listening for TLS on {Address}:{Port}")]
    private static partial void LogTlsListening(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 3, EventName = "gorouter-draining", Level = LogLevel.Information,
        Message = "Draining: health now 503, serving for {DrainWait} s more, then waiting up to {DrainTimeout} s for requests in flight")]
    private static partial void LogDraining(ILogger logger, double drainWait, double drainTimeout);
}
