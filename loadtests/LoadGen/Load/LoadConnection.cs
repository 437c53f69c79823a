using System.Net.Sockets;
using LoadGen.Http;

namespace LoadGen.Load;

/// <summary>One keep-alive connection of an open-loop run and the request it carries, if any.</summary>
internal sealed class LoadConnection(int index)
{
    /// <summary>Position in the runner's connection array; part of the epoll tag.</summary>
    public int Index { get; } = index;

    /// <summary>
    /// Incremented on every new socket, so readiness events still queued for a closed socket are
    /// recognised and ignored.
    /// </summary>
    public int Generation { get; set; }

    public Socket? Socket { get; set; }

    public int Fd { get; set; } = -1;

    public ConnectionState State { get; set; } = ConnectionState.Down;

    /// <summary>When the current request was due by the schedule (CLOCK_MONOTONIC ns).</summary>
    public long ScheduledAt { get; set; }

    /// <summary>When the current request's first byte was written (CLOCK_MONOTONIC ns).</summary>
    public long SentAt { get; set; }

    /// <summary>Bytes of the request already written; the rest waits for EPOLLOUT.</summary>
    public int WriteOffset { get; set; }

    /// <summary>The socket is registered for EPOLLOUT because a write was cut short.</summary>
    public bool WantsWrite { get; set; }

    /// <summary>When a down connection is next tried again (CLOCK_MONOTONIC ns).</summary>
    public long RetryAt { get; set; }

    public ResponseParser Parser { get; } = new();

    /// <summary>The tag stored in the socket's epoll registration.</summary>
    public long Tag => ((long)Generation << 32) | (uint)Index;
}

/// <summary>Where a <see cref="LoadConnection"/> is in its request cycle.</summary>
internal enum ConnectionState
{
    /// <summary>No socket; reconnect pending.</summary>
    Down,

    /// <summary>Connected and free for the next scheduled request.</summary>
    Idle,

    /// <summary>Request partly written.</summary>
    Writing,

    /// <summary>Request written, response not complete yet.</summary>
    Reading,
}
