using LoadGen.Native;

namespace LoadGen.Load;

/// <summary>The request cycle: dispatch on schedule, write, read and complete.</summary>
internal sealed unsafe partial class OpenLoopRunner
{
    private void Dispatch(long due)
    {
        if (idle.TryPop(out LoadConnection? connection))
        {
            Send(connection, due);
            return;
        }

        queued.Enqueue(due);
        result.MaxQueued = Math.Max(result.MaxQueued, queued.Count);
    }

    private void Send(LoadConnection connection, long scheduledAt)
    {
        connection.ScheduledAt = scheduledAt;
        connection.SentAt = Libc.MonotonicNanoseconds();
        result.SendLag.RecordNanoseconds(connection.SentAt - scheduledAt);
        connection.WriteOffset = 0;
        connection.Parser.Reset();
        connection.State = ConnectionState.Writing;
        busy++;
        ContinueWrite(connection);
    }

    private void ContinueWrite(LoadConnection connection)
    {
        while (connection.WriteOffset < requestLength)
        {
            nint written = Libc.Send(connection.Fd, request + connection.WriteOffset, requestLength - connection.WriteOffset, Libc.MsgDontWait | Libc.MsgNoSignal);
            if (written > 0)
            {
                connection.WriteOffset += (int)written;
                continue;
            }

            int error = Libc.LastError;
            if (written < 0 && error == Libc.EIntr)
            {
                continue;
            }

            if (written < 0 && error == Libc.EAgain)
            {
                SetInterest(connection, wantsWrite: true);
                return;
            }

            Fail(connection, timedOut: false);
            return;
        }

        SetInterest(connection, wantsWrite: false);
        connection.State = ConnectionState.Reading;
    }

    private void SetInterest(LoadConnection connection, bool wantsWrite)
    {
        if (connection.WantsWrite != wantsWrite)
        {
            int interest = Libc.EpollIn | Libc.EpollRdHup | (wantsWrite ? Libc.EpollOut : 0);
            _ = Libc.EpollControl(epollFd, Libc.EpollCtlMod, connection.Fd, interest, connection.Tag);
            connection.WantsWrite = wantsWrite;
        }
    }

    private void ReadAvailable(LoadConnection connection)
    {
        // Level-triggered: one read per wakeup; anything left raises the event again.
        nint read = Libc.Receive(connection.Fd, receiveBuffer, ReceiveBufferSize, Libc.MsgDontWait);
        if (read < 0)
        {
            int error = Libc.LastError;
            if (error is not (Libc.EAgain or Libc.EIntr))
            {
                Fail(connection, timedOut: false);
            }

            return;
        }

        long now = Libc.MonotonicNanoseconds();
        if (read == 0)
        {
            if (connection.State == ConnectionState.Reading && connection.Parser.DelimitedByClose)
            {
                Complete(connection, now, closeAfter: true);
            }
            else if (connection.State == ConnectionState.Idle)
            {
                // The server closed an idle keep-alive connection: not a failed request.
                RemoveIdle(connection);
                Reopen(connection, now);
            }
            else
            {
                Fail(connection, timedOut: false);
            }

            return;
        }

        if (connection.State != ConnectionState.Reading)
        {
            // Bytes nobody asked for: the connection's framing can no longer be trusted.
            Fail(connection, timedOut: false);
            return;
        }

        int used = connection.Parser.Feed(new ReadOnlySpan<byte>(receiveBuffer, (int)read), out bool complete);
        if (used < 0 || (complete && used < read))
        {
            Fail(connection, timedOut: false);
        }
        else if (complete)
        {
            Complete(connection, now, connection.Parser.ConnectionClose);
        }
    }

    private void Complete(LoadConnection connection, long now, bool closeAfter)
    {
        busy--;
        result.RecordResponse(connection.Parser.StatusCode, connection.SentAt, connection.ScheduledAt, now);
        if (closeAfter)
        {
            Reopen(connection, now);
            return;
        }

        Release(connection);
    }
}
