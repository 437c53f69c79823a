using System.Net.Sockets;
using LoadGen.Native;

namespace LoadGen.Load;

/// <summary>Connection upkeep: connect, fail, reopen, hand back to the idle pool, timeouts.</summary>
internal sealed unsafe partial class OpenLoopRunner
{
    private void Fail(LoadConnection connection, bool timedOut)
    {
        if (connection.State is ConnectionState.Writing or ConnectionState.Reading)
        {
            busy--;
            if (timedOut)
            {
                result.TimedOut++;
            }
            else
            {
                result.Failed++;
            }
        }
        else if (connection.State == ConnectionState.Idle)
        {
            RemoveIdle(connection);
        }

        Reopen(connection, Libc.MonotonicNanoseconds());
    }

    private void Reopen(LoadConnection connection, long now)
    {
        CloseSocket(connection);
        if (Connect(connection, now))
        {
            Release(connection);
        }
    }

    private void Release(LoadConnection connection)
    {
        if (queued.TryDequeue(out long scheduledAt))
        {
            Send(connection, scheduledAt);
            return;
        }

        connection.State = ConnectionState.Idle;
        idle.Push(connection);
    }

    private void RemoveIdle(LoadConnection connection)
    {
        // Rare (server reset an idle connection): rebuild the stack without it.
        LoadConnection[] rest = [.. idle.Where(c => c != connection)];
        idle.Clear();
        for (int i = rest.Length - 1; i >= 0; i--)
        {
            idle.Push(rest[i]);
        }
    }

    private void Maintain(long now)
    {
        foreach (LoadConnection connection in connections)
        {
            bool inFlight = connection.State is ConnectionState.Writing or ConnectionState.Reading;
            if (inFlight && now - connection.SentAt > timeoutNs)
            {
                Fail(connection, timedOut: true);
            }
            else if (connection.State == ConnectionState.Down && now >= connection.RetryAt && Connect(connection, now))
            {
                Release(connection);
            }
        }
    }

    private bool Connect(LoadConnection connection, long now)
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(options.Address);
            socket.Blocking = false;
        }
        catch (SocketException)
        {
            socket.Dispose();
            result.ConnectErrors++;
            connection.State = ConnectionState.Down;
            connection.RetryAt = now + ReconnectDelayNs;
            return false;
        }

        connection.Generation++;
        connection.Socket = socket;
        connection.Fd = (int)socket.Handle;
        connection.WantsWrite = false;
        connection.State = ConnectionState.Idle;
        Check(Libc.EpollControl(epollFd, Libc.EpollCtlAdd, connection.Fd, Libc.EpollIn | Libc.EpollRdHup, connection.Tag), "epoll_ctl");
        result.Connects++;
        return true;
    }

    private void CloseSocket(LoadConnection connection)
    {
        if (connection.Socket is null)
        {
            return;
        }

        _ = Libc.EpollControl(epollFd, Libc.EpollCtlDel, connection.Fd, 0, 0);
        connection.Socket.Dispose();
        connection.Socket = null;
        connection.Fd = -1;
        connection.State = ConnectionState.Down;
    }
}
