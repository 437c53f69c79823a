using System.Diagnostics;
using Nats.Internal;

namespace Nats;

public sealed partial class NatsConnection
{
    /// <summary>
    /// Runs from the first successful connect until the connection is disposed: waits for the session to fail,
    /// raises <see cref="Disconnected"/>, reconnects without limit and raises <see cref="Reconnected"/>.
    /// </summary>
    private async Task SuperviseAsync(NatsSession session)
    {
        var stopping = _disposing.Token;
        while (true)
        {
#pragma warning disable VSTHRD003 // No SynchronizationContext or JoinableTaskFactory here: awaiting a task started elsewhere cannot deadlock.
            var reason = await session.Completion;
#pragma warning restore VSTHRD003
            await DisposeFailedSessionAsync(session);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            LogDisconnected(_logger, session.Server.Display, reason.Message);
            Raise(Disconnected, nameof(Disconnected));

            var next = await ReconnectAsync(stopping);
            if (next is null)
            {
                return;
            }

            session = next;
            LogReconnected(_logger, session.Server.Display);
            Raise(Reconnected, nameof(Reconnected));
        }
    }

    /// <summary>
    /// Passes over the servers in random order, <see cref="NatsOptions.ReconnectWait"/> apart, until one accepts.
    /// Returns null when the connection is disposed meanwhile.
    /// </summary>
    private async Task<NatsSession?> ReconnectAsync(CancellationToken stopping)
    {
        var lastReport = Stopwatch.GetTimestamp();
        while (true)
        {
            foreach (var server in ShuffledServers())
            {
                try
                {
                    return await EstablishSessionAsync(server, stopping);
                }
                catch (Exception) when (stopping.IsCancellationRequested || _state == NatsConnectionState.Closed)
                {
                    return null;
                }
                catch (Exception ex)
                {
                    LogConnectAttemptFailed(_logger, server.Display, ex.Message);
                }
            }

            // Gorouter logs this once per ping interval for as long as NATS stays unreachable.
            if (Stopwatch.GetElapsedTime(lastReport) >= _options.PingInterval)
            {
                lastReport = Stopwatch.GetTimestamp();
                LogStillDisconnected(_logger, _serverList);
            }

            try
            {
                await Task.Delay(_options.ReconnectWait, stopping);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    private async Task DisposeFailedSessionAsync(NatsSession session)
    {
        try
        {
            await session.DisposeAsync();
        }
        catch (Exception ex)
        {
            // Cleanup of a dead socket must not stop the reconnect loop.
            LogSessionCleanupFailed(_logger, session.Server.Display, ex);
        }
    }

    private void Raise(EventHandler? handler, string name)
    {
        try
        {
            handler?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex)
        {
            // A failing handler must not stop the reconnect loop.
            LogEventHandlerFailed(_logger, name, ex);
        }
    }
}
