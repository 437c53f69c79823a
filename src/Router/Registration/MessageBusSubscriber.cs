using System.Text;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Router.Configuration;
using Router.Metrics;
using RouteRegistry;
using RouteMessages;

namespace Router.Registration;

/// <summary>
/// The router's side of the message bus (docs/gorouter-compatibility.md §1.2–1.4): applies <c>router.register</c> and
/// <c>router.unregister</c> to the route table, answers <c>router.greet</c>, and publishes <c>router.start</c> at
/// start-up and after every reconnect. A message that fails to decode is counted, logged with its subject, and
/// changes nothing; the subscriber keeps going. Messages wait as received in <see cref="PendingPayloads"/> until they
/// are applied, so a burst that outruns the route table costs its raw bytes and no managed objects.
/// </summary>
internal sealed partial class MessageBusSubscriber : IAsyncDisposable
{
    private const int ConnectAttempts = 3;
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly RouteTable _table;
    private readonly RouterMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RegistrationApplier _applier;
    private readonly bool _warmUp;
    private readonly NatsConnection _connection;
    private readonly PendingPayloads _pending;
    private readonly byte[] _startMessage;
    private readonly CancellationTokenSource _stopping = new();
    private RouterSubscription? _subscription;
    private Task _processing = Task.CompletedTask;
    private int _connections;

    public MessageBusSubscriber(
        RouterOptions options,
        RouteTable table,
        RouterMetrics metrics,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        int pendingMessageLimit = PendingPayloads.DefaultMessageLimit)
    {
        _table = table;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<MessageBusSubscriber>();
        _applier = new RegistrationApplier(table, metrics, timeProvider, _logger);
        _warmUp = options.Nats.WarmUp;
        _connection = new NatsConnection(NatsConnectionFactory.CreateOptions(options, loggerFactory));
        _pending = new PendingPayloads(pendingMessageLimit, OnDroppingStarted);
        _startMessage = RegistrationMessageParser.Serialize(RouterStartMessageFactory.Create(options));
        _connection.ConnectionOpened += OnConnectionOpenedAsync;
        _connection.ConnectionDisconnected += OnConnectionDisconnectedAsync;
    }

    /// <summary>True while the NATS connection is up; pruning is suspended otherwise when so configured.</summary>
    public bool IsConnected => _connection.ConnectionState == NatsConnectionState.Open;

    /// <summary>Messages received and not yet applied (Gorouter's <c>buffered_messages</c>).</summary>
    public long BufferedMessages => _pending.Count;

    /// <summary>
    /// Messages dropped because the buffer held as many messages, or bytes, as it may (Gorouter's
    /// <c>total_dropped_messages</c>).
    /// </summary>
    public long DroppedMessages => _pending.DroppedMessages;

    /// <summary>Bytes of received bodies not yet applied.</summary>
    public long PendingBytes => _pending.PendingBytes;

    /// <summary>
    /// Connects to NATS: three rounds over the servers of <c>nats.hosts</c>, 100 ms apart, as Gorouter's
    /// <c>mbus/client.go</c> does; when none accepts, the router exits. From then on the client reconnects by
    /// itself without end.
    /// </summary>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await _connection.ConnectAsync();
                return;
            }
            catch (NatsException) when (attempt < ConnectAttempts)
            {
                await Task.Delay(ConnectRetryDelay, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Warms up the registration path (<see cref="WarmUpAsync"/>), publishes <c>router.start</c>, subscribes to
    /// <c>router.*</c> and starts applying messages.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await WarmUpAsync(cancellationToken);
        await _connection.PublishAsync(NatsSubjects.Start, _startMessage, cancellationToken: cancellationToken);
        _subscription = new RouterSubscription(_connection, _pending);
        await _connection.AddSubAsync(_subscription, cancellationToken);

        // The server has the subscription once a PING sent after it is answered: registrations published from
        // now on reach this router.
        await _connection.PingAsync(cancellationToken);
        _processing = Task.Run(() => ProcessAsync(_pending, _applier, _stopping.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _connection.ConnectionOpened -= OnConnectionOpenedAsync;
        _connection.ConnectionDisconnected -= OnConnectionDisconnectedAsync;
        await _stopping.CancelAsync();
        await _processing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }

        await _connection.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>Applies the messages of <paramref name="pending"/> as they arrive, until cancelled or completed.</summary>
    private async Task ProcessAsync(PendingPayloads pending, RegistrationApplier applier, CancellationToken cancellationToken)
    {
        while (await pending.WaitToReadAsync(cancellationToken))
        {
            while (pending.TryPeek(out var message))
            {
                try
                {
                    await HandleAsync(message, applier, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogHandlingFailed(_logger, SubjectOf(message.Kind), ex);
                }
                finally
                {
                    pending.Advance(message);
                }
            }
        }
    }

    private ValueTask HandleAsync(BusMessage message, RegistrationApplier applier, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case BusMessageKind.Register:
                applier.Register(message.Body);
                return ValueTask.CompletedTask;
            case BusMessageKind.Unregister:
                applier.Unregister(message.Body);
                return ValueTask.CompletedTask;
            default:
                return _connection.PublishAsync(Encoding.UTF8.GetString(message.Body), _startMessage, cancellationToken: cancellationToken);
        }
    }

    private static string SubjectOf(BusMessageKind kind) => kind switch
    {
        BusMessageKind.Register => NatsSubjects.Register,
        BusMessageKind.Unregister => NatsSubjects.Unregister,
        _ => NatsSubjects.Greet,
    };

    /// <summary>
    /// Every connection after the first is a reconnect: the client has subscribed again, and the emitters learn
    /// from <c>router.start</c> that this router may have missed registrations meanwhile.
    /// </summary>
    private async ValueTask OnConnectionOpenedAsync(object? sender, NatsEventArgs e)
    {
        if (Interlocked.Increment(ref _connections) == 1)
        {
            return;
        }

        _metrics.NatsReconnected();
        LogPublishingStartAfterReconnect(_logger, e.Message);
        try
        {
            await _connection.PublishAsync(NatsSubjects.Start, _startMessage, cancellationToken: _stopping.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStartPublishFailed(_logger, ex);
        }
    }

    // On the socket reader, once per episode of drops.
    private void OnDroppingStarted() => LogSlowConsumer(_logger, _pending.Count);

    private ValueTask OnConnectionDisconnectedAsync(object? sender, NatsEventArgs e)
    {
        _metrics.NatsDisconnected();
        LogDisconnected(_logger, e.Message);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 201, EventName = "message-handling-failed", Level = LogLevel.Error,
        Message = "Failed to apply a message on {Subject}")]
    private static partial void LogHandlingFailed(ILogger logger, string subject, Exception exception);

    [LoggerMessage(EventId = 202, EventName = "nats-connection-reconnected", Level = LogLevel.Information,
        Message = "Reconnected to NATS at {Server}; publishing router.start again")]
    private static partial void LogPublishingStartAfterReconnect(ILogger logger, string server);

    [LoggerMessage(EventId = 203, EventName = "router-start-publish-failed", Level = LogLevel.Warning,
        Message = "Could not publish router.start after a reconnect")]
    private static partial void LogStartPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 204, EventName = "nats-connection-disconnected", Level = LogLevel.Warning,
        Message = "Lost the connection to NATS at {Server}; reconnecting, routes are kept")]
    private static partial void LogDisconnected(ILogger logger, string server);

    [LoggerMessage(EventId = 205, EventName = "nats-slow-consumer", Level = LogLevel.Warning,
        Message = "Registrations arrive faster than the route table takes them: {Pending} messages are buffered and newer ones are dropped (total_dropped_messages); the emitters' next heartbeats bring them back")]
    private static partial void LogSlowConsumer(ILogger logger, long pending);
}
