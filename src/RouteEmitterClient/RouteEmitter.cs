using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using RouteMessages;

namespace RouteEmitterClient;

/// <summary>
/// Announces a backend's routes to Gorouter-compatible routers over NATS (docs/gorouter-compatibility.md §1), the way Cloud Foundry's
/// route-registrar does: it greets the routers with a <c>router.greet</c> request and heartbeats
/// <c>router.register</c> at the interval they answer, adopts the interval of any later <c>router.start</c> broadcast
/// (and re-registers at once, since a starting router has an empty table), re-registers and greets again after a
/// NATS reconnect, and sends <c>router.unregister</c> when stopped.
/// </summary>
/// <remarks>
/// The NATS connection reconnects by itself without limit; heartbeats wait for it while it is down. Routers drop
/// registrations that are not refreshed within their stale threshold (docs/gorouter-compatibility.md §3), so the emitter must keep running for as
/// long as the backend should receive traffic.
/// </remarks>
public sealed partial class RouteEmitter : IAsyncDisposable
{
    /// <summary>Bound on sending <c>router.unregister</c> at stop when NATS is unreachable.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly NatsConnection _connection;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider = TimeProvider.System;
    private readonly Channel<Signal> _signals = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });

    // Serialises every register/unregister publish with changes of _registration, so that a heartbeat never sends a
    // registration that a change or the stop has already withdrawn.
    private readonly SemaphoreSlim _publishLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stateLock = new();

    private volatile RouteEmitterOptions _options;
    private volatile Registration _registration;
    private EmitterState _state;
    private INatsSub<byte[]>? _startSubscription;
    private Task _listening = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;
    private long _intervalTicks;
    private int _routerIntervalSeconds;
    private int _routerPruneThresholdSeconds;
    private long _registrationsSent;
    private int _connectedOnce;

    /// <summary>Creates an emitter; nothing is sent until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public RouteEmitter(RouteEmitterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Copy();
        RouteEmitterOptionsValidator.ThrowIfInvalid(snapshot);
        _options = snapshot;
        _logger = (snapshot.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RouteEmitter>();
        _connection = new NatsConnection(CreateNatsOptions(snapshot));
        _connection.ConnectionOpened += OnConnectionOpenedAsync;
        _connection.ReconnectFailed += OnReconnectFailedAsync;
        _registration = Registration.Create(snapshot, previous: null, _timeProvider.GetUtcNow());
        UpdateInterval(source: null);
    }

    private enum EmitterState
    {
        NotStarted,
        Starting,
        Running,
        Stopped,
    }

    /// <summary>
    /// The current heartbeat interval: the routers' <c>minimumRegisterIntervalInSeconds</c> once one has answered,
    /// else <see cref="RouteEmitterOptions.DefaultRegisterInterval"/>; never as long as the stale threshold.
    /// </summary>
    public TimeSpan RegisterInterval => TimeSpan.FromTicks(Interlocked.Read(ref _intervalTicks));

    /// <summary>How many <c>router.register</c> messages were handed to the NATS connection.</summary>
    public long RegistrationsSent => Interlocked.Read(ref _registrationsSent);

    /// <summary>The <c>router.register</c> body currently sent, for inspection.</summary>
    internal ReadOnlyMemory<byte> CurrentPayload => _registration.Payload;

    /// <summary>
    /// Connects to NATS, greets the routers (waiting at most <see cref="RouteEmitterOptions.GreetTimeout"/> for an
    /// answer), registers at once and starts heartbeating. May be called again after it failed.
    /// </summary>
    /// <exception cref="NatsException">No NATS server accepted the connection.</exception>
    /// <exception cref="InvalidOperationException">Already started, or stopped.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_stateLock)
        {
            if (_state != EmitterState.NotStarted)
            {
                throw new InvalidOperationException(_state == EmitterState.Stopped
                    ? "The route emitter was stopped; create a new one."
                    : "The route emitter was already started.");
            }

            _state = EmitterState.Starting;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            if (_connection.ConnectionState == NatsConnectionState.Closed)
            {
                linked.Token.ThrowIfCancellationRequested();
                await _connection.ConnectAsync();
            }

            // Subscribe before greeting, so that a router starting meanwhile is not missed.
            if (_startSubscription is null)
            {
                _startSubscription = await _connection.SubscribeCoreAsync<byte[]>(NatsSubjects.Start, cancellationToken: linked.Token);
                var subscription = _startSubscription;
                _listening = Task.Run(() => ListenForRouterStartAsync(subscription, _stopping.Token), CancellationToken.None);
            }

            await GreetAsync(linked.Token);
            await RegisterAsync(RegistrationReason.Start, linked.Token);
        }
        catch
        {
            lock (_stateLock)
            {
                if (_state == EmitterState.Starting)
                {
                    _state = EmitterState.NotStarted;
                }
            }

            throw;
        }

        lock (_stateLock)
        {
            if (_state != EmitterState.Starting)
            {
                throw new OperationCanceledException("The route emitter was stopped while it started.");
            }

            _state = EmitterState.Running;
            _heartbeat = Task.Run(() => HeartbeatAsync(_stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Stops heartbeating, sends <c>router.unregister</c> and waits until NATS has it (bounded by
    /// <paramref name="cancellationToken"/> and 5 seconds), then closes the connection. The emitter cannot be
    /// started again.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        bool wasActive;
        lock (_stateLock)
        {
            if (_state == EmitterState.Stopped)
            {
                return;
            }

            wasActive = _state != EmitterState.NotStarted;
            _state = EmitterState.Stopped;
        }

        await _stopping.CancelAsync();
        await _heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (wasActive)
        {
            await UnregisterAsync(cancellationToken);
        }

        if (_startSubscription is not null)
        {
            await _startSubscription.DisposeAsync();
        }

        _connection.ConnectionOpened -= OnConnectionOpenedAsync;
        _connection.ReconnectFailed -= OnReconnectFailedAsync;
        await _connection.DisposeAsync();
    }

    /// <summary>Stops the emitter as <see cref="StopAsync"/> does, unregistering if it was started.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    /// <summary>
    /// Changes what is registered: applies <paramref name="change"/> to a copy of the current options and, when the
    /// content differs, stamps a new <c>endpoint_updated_at_ns</c>, withdraws what the new registration no longer
    /// covers (old URIs, or everything when the address changed) and registers the new content at once.
    /// </summary>
    /// <exception cref="ArgumentException">The changed options are invalid, or change NATS or timing settings,
    /// which are fixed for the life of the emitter.</exception>
    public async Task ChangeRegistrationAsync(Action<RouteEmitterOptions> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _publishLock.WaitAsync(cancellationToken);
        try
        {
            var current = _options;
            var next = current.Copy();
            change(next);
            next = next.Copy();
            if (!FixedSettingsEqual(current, next))
            {
                throw new ArgumentException(
                    "The NATS settings, the greet timeout and the logger factory cannot change; create a new RouteEmitter.",
                    nameof(change));
            }

            RouteEmitterOptionsValidator.ThrowIfInvalid(next);
            var previous = _registration;
            var registration = Registration.Create(next, previous, _timeProvider.GetUtcNow());
            _options = next;
            UpdateInterval(source: null);
            if (registration.HasSameContent(previous))
            {
                return;
            }

            _registration = registration;
            LogRegistrationChanged(_logger, registration.UriList, registration.Address);
            if (IsActive)
            {
                if (previous.UnregisterPayloadFor(registration) is { } withdrawal)
                {
                    await _connection.PublishAsync(NatsSubjects.Unregister, withdrawal, cancellationToken: cancellationToken);
                }

                await PublishRegistrationAsync(registration, RegistrationReason.Change, cancellationToken);
            }
        }
        finally
        {
            _publishLock.Release();
        }
    }

    private bool IsActive
    {
        get
        {
            lock (_stateLock)
            {
                return _state is EmitterState.Starting or EmitterState.Running;
            }
        }
    }

    private static bool FixedSettingsEqual(RouteEmitterOptions current, RouteEmitterOptions next) =>
        current.NatsServers.SequenceEqual(next.NatsServers)
        && current.NatsUser == next.NatsUser
        && current.NatsPassword == next.NatsPassword
        && current.NatsTlsEnabled == next.NatsTlsEnabled
        && current.NatsCaCertsPath == next.NatsCaCertsPath
        && current.NatsClientCertPath == next.NatsClientCertPath
        && current.NatsClientKeyPath == next.NatsClientKeyPath
        && current.GreetTimeout == next.GreetTimeout
        && current.NatsReconnectWait == next.NatsReconnectWait
        && ReferenceEquals(current.LoggerFactory, next.LoggerFactory);

    private static NatsOpts CreateNatsOptions(RouteEmitterOptions options) => new()
    {
        Url = options.NatsServers.Count > 0 ? string.Join(',', options.NatsServers.Select(ServerUrl(options))) : "nats://127.0.0.1:4222",
        AuthOpts = new NatsAuthOpts { Username = options.NatsUser, Password = options.NatsPassword },
        TlsOpts = options.NatsTlsEnabled
            ? new NatsTlsOpts
            {
                Mode = TlsMode.Require,
                CaFile = options.NatsCaCertsPath,
                CertFile = options.NatsClientCertPath,
                KeyFile = options.NatsClientKeyPath,
            }
            : new NatsTlsOpts(),

        // route-registrar's client pings every 20 s as well; the router's default prune threshold is 120 s.
        PingInterval = TimeSpan.FromSeconds(20),
        ReconnectWaitMin = options.NatsReconnectWait,
        ReconnectWaitMax = options.NatsReconnectWait,
        MaxReconnectRetry = -1,
        IgnoreAuthErrorAbort = true,
        Name = "route-emitter",
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance,
    };

    /// <summary>With TLS enabled every server is dialled as <c>tls://</c>, whatever scheme it was written with.</summary>
    private static Func<Uri, string> ServerUrl(RouteEmitterOptions options) => server =>
        options.NatsTlsEnabled && server.Scheme == "nats" ? new UriBuilder(server) { Scheme = "tls" }.Uri.ToString().TrimEnd('/') : server.ToString().TrimEnd('/');
}
