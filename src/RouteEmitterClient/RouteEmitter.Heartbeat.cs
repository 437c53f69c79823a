using System.Text;
using System.Threading.Channels;
using NATS.Client.Core;
using RouteMessages;

namespace RouteEmitterClient;

public sealed partial class RouteEmitter
{
    private const int LoggedPayloadLimit = 256;

    private enum RegistrationReason
    {
        Start,
        Heartbeat,
        RouterStart,
        Reconnect,
        Change,
    }

    private enum SignalKind
    {
        RouterStarted,
        Reconnected,
    }

    /// <summary>
    /// The heartbeat loop: registers every <see cref="RegisterInterval"/>, and at once when a router starts or the
    /// connection comes back. Failures are logged and the loop goes on; only the stop ends it.
    /// </summary>
    private async Task HeartbeatAsync(CancellationToken stopping)
    {
        var reader = _signals.Reader;
        while (!stopping.IsCancellationRequested)
        {
            Signal? signal;
            try
            {
                signal = await NextSignalAsync(reader, RegisterInterval, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                switch (signal?.Kind)
                {
                    case null:
                        await RegisterAsync(RegistrationReason.Heartbeat, stopping);
                        break;
                    case SignalKind.RouterStarted:
                        Adopt(signal.Start!, NatsSubjects.Start);
                        await RegisterAsync(RegistrationReason.RouterStart, stopping);
                        break;
                    case SignalKind.Reconnected:
                        // The routers may have pruned this backend while NATS was away: register first, then ask
                        // again for the interval, since the routers answering now may not be the same ones.
                        await RegisterAsync(RegistrationReason.Reconnect, stopping);
                        await GreetAsync(stopping);
                        break;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRegisterFailed(_logger, _registration.UriList, ex);
            }
        }
    }

    /// <summary>The next signal, or null when <paramref name="interval"/> passes first (time to heartbeat).</summary>
    private static async Task<Signal?> NextSignalAsync(ChannelReader<Signal> reader, TimeSpan interval, CancellationToken stopping)
    {
        if (reader.TryRead(out var signal))
        {
            return signal;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        wait.CancelAfter(interval);
        try
        {
            return await reader.WaitToReadAsync(wait.Token) && reader.TryRead(out signal) ? signal : null;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Turns every <c>router.start</c> broadcast into a signal for the heartbeat loop.</summary>
    private async Task ListenForRouterStartAsync(INatsSub<byte[]> subscription, CancellationToken stopping)
    {
        try
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(stopping))
            {
                if (RegistrationMessageParser.TryParseStart(message.Data, out var start))
                {
                    LogRouterStartReceived(_logger, start.Id, start.MinimumRegisterIntervalInSeconds);
                    _signals.Writer.TryWrite(new Signal(SignalKind.RouterStarted, start));
                }
                else
                {
                    LogInvalidStartMessage(_logger, NatsSubjects.Start, Shown(message.Data));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Asks the routers for their interval with <c>router.greet</c>; no answer keeps the current one.</summary>
    private async Task GreetAsync(CancellationToken cancellationToken)
    {
        var timeout = _options.GreetTimeout;
        NatsMsg<byte[]> reply;
        try
        {
            reply = await _connection.RequestAsync<byte[]>(NatsSubjects.Greet, replyOpts: new NatsSubOpts { Timeout = timeout }, cancellationToken: cancellationToken);
        }
        catch (NatsException) when (!cancellationToken.IsCancellationRequested)
        {
            LogGreetUnanswered(_logger, timeout, RegisterInterval);
            return;
        }

        if (RegistrationMessageParser.TryParseStart(reply.Data, out var start))
        {
            Adopt(start, NatsSubjects.Greet);
        }
        else
        {
            LogInvalidStartMessage(_logger, NatsSubjects.Greet, Shown(reply.Data));
        }
    }

    private async Task RegisterAsync(RegistrationReason reason, CancellationToken cancellationToken)
    {
        await _publishLock.WaitAsync(cancellationToken);
        try
        {
            // A stop that began while this waited for the lock has withdrawn, or will withdraw, the registration.
            if (!_stopping.IsCancellationRequested)
            {
                await PublishRegistrationAsync(_registration, reason, cancellationToken);
            }
        }
        finally
        {
            _publishLock.Release();
        }
    }

    private async Task PublishRegistrationAsync(Registration registration, RegistrationReason reason, CancellationToken cancellationToken)
    {
        await _connection.PublishAsync(NatsSubjects.Register, registration.Payload, cancellationToken: cancellationToken);
        Interlocked.Increment(ref _registrationsSent);
        if (reason == RegistrationReason.Heartbeat)
        {
            LogHeartbeat(_logger, registration.UriList, registration.Address);
        }
        else
        {
            LogRegistering(_logger, registration.UriList, registration.Address, reason);
        }
    }

    /// <summary>Sends <c>router.unregister</c> and waits until the server has it, bounded by <see cref="StopTimeout"/>.</summary>
    private async Task UnregisterAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        var registration = _registration;
        try
        {
            await _publishLock.WaitAsync(timeout.Token);
            try
            {
                // Nothing to withdraw when the start never got as far as registering.
                if (RegistrationsSent == 0)
                {
                    return;
                }

                registration = _registration;
                LogUnregistering(_logger, registration.UriList, registration.Address);
                await _connection.PublishAsync(NatsSubjects.Unregister, registration.Payload, cancellationToken: timeout.Token);
                await _connection.PingAsync(timeout.Token);
            }
            finally
            {
                _publishLock.Release();
            }
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException)
        {
            LogUnregisterFailed(_logger, registration.UriList, ex.Message);
        }
    }

    private ValueTask OnReconnectFailedAsync(object? sender, NatsEventArgs e)
    {
        LogReconnectFailed(_logger, e.Message);
        return ValueTask.CompletedTask;
    }

    /// <summary>Every connection after the first one is a reconnect.</summary>
    private ValueTask OnConnectionOpenedAsync(object? sender, NatsEventArgs e)
    {
        if (Interlocked.Exchange(ref _connectedOnce, 1) == 1)
        {
            LogReconnected(_logger);
            _signals.Writer.TryWrite(new Signal(SignalKind.Reconnected, null));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Takes the interval and threshold a router stated; a message without an interval changes nothing.</summary>
    private void Adopt(RouterStartMessage start, string source)
    {
        if (start.MinimumRegisterIntervalInSeconds <= 0)
        {
            LogNoIntervalInStart(_logger, source, start.Id);
            return;
        }

        lock (_stateLock)
        {
            _routerIntervalSeconds = start.MinimumRegisterIntervalInSeconds;
            _routerPruneThresholdSeconds = start.PruneThresholdInSeconds;
        }

        UpdateInterval(source);
    }

    /// <summary>Recomputes <see cref="RegisterInterval"/>; logs a change when a router caused it.</summary>
    private void UpdateInterval(string? source)
    {
        TimeSpan previous, interval;
        lock (_stateLock)
        {
            interval = HeartbeatInterval.Choose(
                _routerIntervalSeconds, _routerPruneThresholdSeconds, _options.StaleThresholdInSeconds, _options.DefaultRegisterInterval);
            previous = TimeSpan.FromTicks(Interlocked.Exchange(ref _intervalTicks, interval.Ticks));
        }

        if (source is not null && previous != interval)
        {
            LogIntervalChanged(_logger, interval, source);
        }
    }

    private static string Shown(ReadOnlySpan<byte> payload) =>
        Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, LoggedPayloadLimit)]);

    private sealed record Signal(SignalKind Kind, RouterStartMessage? Start);
}
