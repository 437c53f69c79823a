using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nats.Internal;

namespace Nats;

/// <summary>
/// A client for the NATS core protocol, shaped like NATS.Client.Core's <c>NatsConnection</c>, with Gorouter's
/// connection behaviour (gorouter.md §1.1): a few start-up attempts, then reconnects without limit, restoring every
/// subscription before <see cref="Reconnected"/> is raised.
/// </summary>
/// <remarks>
/// Delivery is at most once, as in NATS core. A publish accepted while connected is queued for the socket and lost
/// if the socket dies first; <see cref="FlushAsync"/> confirms that everything before it reached the server.
/// While disconnected (reconnecting), publishes and flushes wait for the next connection, bounded by their
/// cancellation token. Once the connection is closed (disposed) every operation throws <see cref="NatsException"/>.
/// </remarks>
public sealed partial class NatsConnection : IAsyncDisposable
{
    private readonly NatsOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<TlsSettings> _tls;
    private readonly NatsServerAddress[] _servers;
    private readonly string _serverList;

    // Guards state transitions, _session, _ready and the pairing of the subscription table with SUB/UNSUB writes.
    // Held only for short synchronous sections, never across an await.
    private readonly Lock _stateLock = new();
    private readonly ConcurrentDictionary<int, ISubscriptionTarget> _subscriptions = new();

    // Cancelled by DisposeAsync and deliberately never disposed: a call racing with DisposeAsync may still read its
    // token, and it owns no timer or wait handle that would need releasing.
    private readonly CancellationTokenSource _disposing = new();

    private volatile NatsConnectionState _state = NatsConnectionState.Disconnected;

    // The session SUBs go to: set once a server accepted CONNECT, before the subscriptions are restored on it.
    private volatile NatsSession? _session;

    // Completed while Connected (and once Closed); replaced when a live connection is lost.
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _supervisor = Task.CompletedTask;
    private int _lastSid;
    private int _disposeStarted;

    /// <summary>Creates a connection; nothing is sent until <see cref="ConnectAsync"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public NatsConnection(NatsOptions options)
    {
        NatsOptionsValidator.Validate(options);
        _options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<NatsConnection>();
        _servers = [.. options.Servers.Select(uri => new NatsServerAddress(uri))];
        _serverList = string.Join(", ", _servers.Select(s => s.Display));
        _tls = new Lazy<TlsSettings>(() => TlsSettings.Load(options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Raised when a live connection is lost, before reconnecting starts.</summary>
    public event EventHandler? Disconnected;

    /// <summary>Raised after a reconnect, once the server has confirmed every subscription.</summary>
    public event EventHandler? Reconnected;

    /// <summary>Where the connection is in its life cycle.</summary>
    public NatsConnectionState State => _state;

    /// <summary>The options this connection was created with.</summary>
    public NatsOptions Options => _options;

    /// <summary>
    /// Makes <see cref="NatsOptions.StartupConnectAttempts"/> passes over the servers (in random order),
    /// <see cref="NatsOptions.StartupRetryDelay"/> apart. Returns once a server accepted CONNECT and answered PING.
    /// </summary>
    /// <exception cref="NatsException">No server accepted the connection; the message gives the last reason,
    /// such as the server's authorization error.</exception>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_stateLock)
        {
            if (_state == NatsConnectionState.Closed)
            {
                NatsException.ThrowClosed();
            }

            if (_state != NatsConnectionState.Disconnected)
            {
                throw new InvalidOperationException("ConnectAsync was already called on this connection.");
            }

            _state = NatsConnectionState.Connecting;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        Exception? lastError = null;
        try
        {
            for (var attempt = 1; attempt <= _options.StartupConnectAttempts; attempt++)
            {
                if (attempt > 1)
                {
                    await Task.Delay(_options.StartupRetryDelay, linked.Token);
                }

                foreach (var server in ShuffledServers())
                {
                    try
                    {
                        var session = await EstablishSessionAsync(server, linked.Token);
                        StartSupervising(session);
                        LogConnected(_logger, server.Display);
                        return;
                    }
                    catch (Exception ex) when (!linked.IsCancellationRequested && _state != NatsConnectionState.Closed)
                    {
                        lastError = ex;
                        LogConnectAttemptFailed(_logger, server.Display, ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            NatsException.ThrowClosed();
        }
        finally
        {
            lock (_stateLock)
            {
                if (_state == NatsConnectionState.Connecting)
                {
                    _state = NatsConnectionState.Disconnected;
                }
            }
        }

        // An unreachable server is an expected condition, reported by its reason rather than a stack trace.
        LogConnectFailed(_logger, _options.StartupConnectAttempts, _serverList, lastError?.Message ?? "no server answered");
        throw new NatsException(
            $"Could not connect to NATS ({_serverList}) in {_options.StartupConnectAttempts} attempt(s): {lastError?.Message}",
            lastError);
    }

    /// <summary>
    /// Flushes what was published (bounded by <see cref="NatsOptions.ConnectTimeout"/>), closes the socket, completes
    /// every subscription and fails pending requests. The connection cannot be used afterwards.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) != 0)
        {
            return;
        }

        if (_state == NatsConnectionState.Connected)
        {
            await FlushBeforeCloseAsync();
        }

        NatsSession? session;
        lock (_stateLock)
        {
            _state = NatsConnectionState.Closed;
            session = _session;
            _session = null;
            _ready.TrySetResult();
        }

        await _disposing.CancelAsync();
        session?.Fail(new NatsException("The NATS connection was closed."));
#pragma warning disable VSTHRD003 // No SynchronizationContext or JoinableTaskFactory here: awaiting a task started elsewhere cannot deadlock.
        await _supervisor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
#pragma warning restore VSTHRD003
        if (session is not null)
        {
            await session.DisposeAsync();
        }

        foreach (var target in _subscriptions.Values)
        {
            target.Complete();
        }

        _subscriptions.Clear();
        LogClosed(_logger);
    }

    private async Task FlushBeforeCloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
            await FlushAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException)
        {
            LogFlushOnCloseFailed(_logger, ex.Message);
        }
    }

    private void StartSupervising(NatsSession session)
    {
        bool closed;
        lock (_stateLock)
        {
            _supervisor = Task.Run(() => SuperviseAsync(session));
            closed = _state == NatsConnectionState.Closed;
        }

        if (closed)
        {
            // Disposed while the handshake finished: DisposeAsync did not see this session, its supervisor ends it.
            session.Fail(new NatsException("The NATS connection was closed."));
            NatsException.ThrowClosed();
        }
    }

    private NatsServerAddress[] ShuffledServers()
    {
        var servers = _servers.ToArray();
        Random.Shared.Shuffle(servers);
        return servers;
    }
}
