using Nats.Internal;

namespace Nats;

public sealed partial class NatsConnection
{
    private RequestInbox? _inbox;

    /// <summary>
    /// Publishes <paramref name="data"/> with a reply subject and returns the first reply. All requests share one
    /// <c>_INBOX.&lt;nuid&gt;.*</c> subscription, made on first use.
    /// </summary>
    /// <exception cref="NatsException">No reply within <paramref name="timeout"/> (which also bounds waiting for a
    /// reconnect), or the connection is closed.</exception>
    public async ValueTask<NatsMessage> RequestAsync(string subject, ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        SubjectValidator.Validate(subject, nameof(subject));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var inbox = GetInbox();
        var (id, replyTo, reply) = inbox.Register();
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await PublishAsync(subject, data, replyTo, linked.Token);
            return await reply.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NatsException($"No reply to the request on '{subject}' within {timeout}.", ex);
        }
        finally
        {
            inbox.Remove(id);
        }
    }

    private RequestInbox GetInbox()
    {
        if (Volatile.Read(ref _inbox) is { } existing)
        {
            return existing;
        }

        lock (_stateLock)
        {
            if (_inbox is null)
            {
                var inbox = new RequestInbox(NextSid());
                Register(inbox);
                Volatile.Write(ref _inbox, inbox);
            }

            return _inbox;
        }
    }
}
