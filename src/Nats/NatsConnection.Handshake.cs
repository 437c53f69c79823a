using Nats.Internal;
using Nats.Protocol;

namespace Nats;

public sealed partial class NatsConnection
{
    /// <summary>
    /// Opens a session and brings it to Connected, all within <see cref="NatsOptions.ConnectTimeout"/>:
    /// CONNECT + PING, whose PONG proves the credentials were accepted (a -ERR instead fails the attempt); then every
    /// live SUB + PING, whose PONG proves the server holds the subscriptions again.
    /// </summary>
    private async Task<NatsSession> EstablishSessionAsync(NatsServerAddress server, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        NatsSession? session = null;
        try
        {
            var requireTls = _options.TlsEnabled || server.Uri.Scheme == "tls";
            session = await NatsSession.OpenAsync(this, server, requireTls, () => _tls.Value, timeout.Token);
            session.Start();

            var authenticated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Outbound.TryWrite(CreateConnectCommand(server.Uri, session.IsTls), static (writer, command) =>
                ProtocolWriter.WriteConnect(writer, command));
            session.Outbound.TryWritePing(authenticated);
            await authenticated.Task.WaitAsync(timeout.Token);
            session.MarkAuthenticated();

            var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_stateLock)
            {
                if (_state == NatsConnectionState.Closed)
                {
                    NatsException.ThrowClosed();
                }

                // Same lock as SubscribeCoreAsync and Unsubscribe: a subscription made from here on is written to this
                // session by its creator, one made before is in this snapshot; none is missed or sent twice.
                foreach (var target in _subscriptions.Values.OrderBy(t => t.Sid))
                {
                    WriteSubscribe(session, target);
                }

                _session = session;
                session.Outbound.TryWritePing(restored);
            }

            await restored.Task.WaitAsync(timeout.Token);
            lock (_stateLock)
            {
                if (_state == NatsConnectionState.Closed)
                {
                    NatsException.ThrowClosed();
                }

                if (_session != session)
                {
                    throw new NatsException("The connection was lost right after the handshake.");
                }

                _state = NatsConnectionState.Connected;
                _ready.TrySetResult();
            }

            session.StartPinging(_options.PingInterval, _options.MaxPingsOutstanding);
            return session;
        }
        catch (Exception ex)
        {
            if (session is not null)
            {
                session.Fail(ex as NatsException ?? new NatsException(ex.Message, ex));
                await session.DisposeAsync();
            }

            if (ex is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new NatsException($"No answer within the connect timeout of {_options.ConnectTimeout}.", ex);
            }

            throw;
        }
    }

    private ConnectCommand CreateConnectCommand(Uri server, bool tls)
    {
        string? user = _options.User;
        string? password = _options.Password;
        string? token = null;
        if (!string.IsNullOrEmpty(server.UserInfo))
        {
            // nats://user:pass@host carries a user and password; nats://token@host an auth token.
            var userInfo = server.UserInfo;
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                token = Uri.UnescapeDataString(userInfo);
                user = null;
                password = null;
            }
            else
            {
                user = Uri.UnescapeDataString(userInfo[..colon]);
                password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        return new ConnectCommand
        {
            User = user,
            Password = password,
            AuthToken = token,
            Name = _options.Name,
            TlsRequired = tls,
        };
    }

    /// <summary>Called by a failing session before it refuses further writes.</summary>
    internal void OnSessionFailed(NatsSession session)
    {
        lock (_stateLock)
        {
            if (_session != session)
            {
                return;
            }

            _session = null;
            if (_state == NatsConnectionState.Connected)
            {
                _state = NatsConnectionState.Reconnecting;
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    internal void OnServerError(NatsSession session, string error) =>
        LogServerError(_logger, session.Server.Display, error);

    /// <summary>The connected session; waits while (re)connecting. Throws once closed or before ConnectAsync.</summary>
    private async ValueTask<NatsSession> WaitForConnectedSessionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task ready;
            lock (_stateLock)
            {
                switch (_state)
                {
                    case NatsConnectionState.Connected when _session is { } session:
                        return session;
                    case NatsConnectionState.Closed:
                        NatsException.ThrowClosed();
                        break;
                    case NatsConnectionState.Disconnected:
                        NatsException.ThrowNotConnected();
                        break;
                }

                ready = _ready.Task;
            }

            await ready.WaitAsync(cancellationToken);
        }
    }
}
