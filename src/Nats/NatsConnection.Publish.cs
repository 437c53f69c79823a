using Nats.Internal;

namespace Nats;

public sealed partial class NatsConnection
{
    /// <summary>
    /// Queues a message for the server. Returns without waiting for the socket while connected (many publishes are
    /// sent in one write); waits while the outbound buffer is full or while reconnecting.
    /// </summary>
    /// <exception cref="NatsException">The connection is closed or was never opened, or the payload exceeds the
    /// server's <c>max_payload</c>.</exception>
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> data, string? replyTo = null, CancellationToken cancellationToken = default)
    {
        SubjectValidator.Validate(subject, nameof(subject));
        SubjectValidator.ValidateOptional(replyTo, nameof(replyTo));
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        var session = _session;
        if (session is not null && _state == NatsConnectionState.Connected)
        {
            CheckPayloadSize(session, data.Length);
            if (session.Outbound.TryWritePublish(subject, replyTo, data.Span) == WriteResult.Written)
            {
                return ValueTask.CompletedTask;
            }
        }

        return PublishSlowAsync(subject, data, replyTo, cancellationToken);
    }

    /// <summary>
    /// Sends PING and waits for its PONG: every publish queued before this call has then reached the server.
    /// </summary>
    /// <exception cref="NatsException">The connection is closed, or was lost before the PONG arrived (earlier
    /// publishes may then be lost).</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var session = await WaitForConnectedSessionAsync(cancellationToken);
            var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (session.Outbound.TryWritePing(pong))
            {
                await pong.Task.WaitAsync(cancellationToken);
                return;
            }
        }
    }

    private async ValueTask PublishSlowAsync(string subject, ReadOnlyMemory<byte> data, string? replyTo, CancellationToken cancellationToken)
    {
        while (true)
        {
            var session = await WaitForConnectedSessionAsync(cancellationToken);
            CheckPayloadSize(session, data.Length);
            switch (session.Outbound.TryWritePublish(subject, replyTo, data.Span))
            {
                case WriteResult.Written:
                    return;
                case WriteResult.Full:
                    await session.Outbound.WaitForSpaceAsync(cancellationToken);
                    break;
                case WriteResult.Closed:
                    // The session failed after we picked it; the next iteration waits for the reconnect.
                    break;
            }
        }
    }

    private static void CheckPayloadSize(NatsSession session, int size)
    {
        var maxPayload = session.Info.MaxPayload;
        if (size > maxPayload && maxPayload > 0)
        {
            NatsException.ThrowPayloadTooLarge(size, maxPayload);
        }
    }
}
