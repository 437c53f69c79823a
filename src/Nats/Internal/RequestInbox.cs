using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;

namespace Nats.Internal;

/// <summary>
/// The one <c>_INBOX.&lt;nuid&gt;.*</c> subscription all requests of a connection share. Each request gets the
/// reply subject <c>_INBOX.&lt;nuid&gt;.&lt;n&gt;</c>; the first reply completes it, later ones are ignored.
/// </summary>
internal sealed class RequestInbox : ISubscriptionTarget
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<NatsMessage>> _pending = new();
    private readonly byte[] _prefixBytes;
    private readonly string _prefix;
    private long _nextId;

    public RequestInbox(int sid)
    {
        Sid = sid;
        _prefix = $"_INBOX.{Nuid.Next()}.";
        _prefixBytes = Encoding.ASCII.GetBytes(_prefix);
        Subject = _prefix + "*";
    }

    public int Sid { get; }

    public string Subject { get; }

    public string? QueueGroup => null;

    public (long Id, string ReplyTo, Task<NatsMessage> Reply) Register()
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<NatsMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        return (id, _prefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.Task);
    }

    public void Remove(long id) => _pending.TryRemove(id, out _);

    public bool Deliver(in ReadOnlySequence<byte> subject, in ReadOnlySequence<byte> replyTo, in ReadOnlySequence<byte> payload)
    {
        Span<byte> token = stackalloc byte[20];
        var tokenLength = subject.Length - _prefixBytes.Length;
        if (tokenLength <= 0 || tokenLength > token.Length)
        {
            return true;
        }

        subject.Slice(_prefixBytes.Length).CopyTo(token);
        if (!Utf8Parser.TryParse(token[..(int)tokenLength], out long id, out var consumed) || consumed != tokenLength
            || !_pending.TryRemove(id, out var waiter))
        {
            // A late reply to a request that timed out, or a reply nobody asked for.
            return true;
        }

        waiter.TrySetResult(new NatsMessage(
            Encoding.UTF8.GetString(subject),
            replyTo.IsEmpty ? null : Encoding.UTF8.GetString(replyTo),
            payload.ToArray()));
        return true;
    }

    public void Complete()
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiter))
            {
                waiter.TrySetException(new NatsException("The NATS connection was closed before the reply arrived."));
            }
        }
    }
}
