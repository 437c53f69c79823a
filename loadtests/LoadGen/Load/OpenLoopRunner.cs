using System.Net.Sockets;
using System.Runtime.InteropServices;
using LoadGen.Native;

namespace LoadGen.Load;

/// <summary>
/// Sends requests on a fixed schedule, whatever the server's pace, from one thread: a timerfd
/// fires when the next request is due, epoll reports responses, and every request is timed
/// from both its scheduled instant and its actual send. Linux only.
/// </summary>
internal sealed unsafe partial class OpenLoopRunner : IDisposable
{
    private const long TimerTag = -1;
    private const int MaxEvents = 256;
    private const int ReceiveBufferSize = 64 * 1024;
    private const long ReconnectDelayNs = 100_000_000;
    private const long MaintenanceIntervalNs = 5_000_000;
    private const int WakeupMilliseconds = 10;

    private readonly LoadOptions options;
    private readonly LoadConnection[] connections;
    private readonly Stack<LoadConnection> idle;
    private readonly Queue<long> queued = new(1024);
    private readonly LoadResult result = new();
    private readonly long timeoutNs;
    private readonly byte* request;
    private readonly int requestLength;
    private readonly byte* receiveBuffer;
    private readonly byte* events;
    private readonly int epollFd;
    private readonly int timerFd;
    private int busy;

    public OpenLoopRunner(LoadOptions options)
    {
        this.options = options;
        connections = new LoadConnection[options.Connections];
        idle = new Stack<LoadConnection>(options.Connections);
        for (int i = 0; i < connections.Length; i++)
        {
            connections[i] = new LoadConnection(i);
        }

        timeoutNs = (long)options.Timeout.TotalMilliseconds * 1_000_000;
        requestLength = options.Request.Length;
        request = (byte*)NativeMemory.Alloc((nuint)requestLength);
        options.Request.CopyTo(new Span<byte>(request, requestLength));
        receiveBuffer = (byte*)NativeMemory.Alloc(ReceiveBufferSize);
        events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * Libc.EpollEventSize));
        epollFd = Check(Libc.EpollCreate(Libc.CloExec), "epoll_create1");
        timerFd = Check(Libc.TimerFdCreate(Libc.ClockMonotonic, Libc.NonBlock | Libc.CloExec), "timerfd_create");
        Check(Libc.EpollControl(epollFd, Libc.EpollCtlAdd, timerFd, Libc.EpollIn, TimerTag), "epoll_ctl");
    }

    /// <summary>Runs the whole schedule and drains outstanding responses, then returns the counts.</summary>
    public LoadResult Run()
    {
        long now = Libc.MonotonicNanoseconds();
        foreach (LoadConnection connection in connections)
        {
            if (Connect(connection, now))
            {
                idle.Push(connection);
            }
        }

        if (idle.Count == 0)
        {
            throw new SocketException((int)SocketError.ConnectionRefused);
        }

        long total = (long)Math.Round(options.RatePerSecond * options.Duration.TotalSeconds);
        double intervalNs = 1e9 / options.RatePerSecond;
        long start = Libc.MonotonicNanoseconds() + 1_000_000;
        long drainDeadline = start + (long)((total - 1) * intervalNs) + timeoutNs;
        long next = 0;
        long armed = long.MinValue;
        long nextMaintenance = start;
        result.Scheduled = total;
        result.StartedAt = start;
        result.LastCompletionAt = start;

        while (true)
        {
            now = Libc.MonotonicNanoseconds();
            for (long due = start + (long)(next * intervalNs); next < total && due <= now; due = start + (long)(next * intervalNs))
            {
                Dispatch(due);
                next++;
            }

            if (now >= nextMaintenance)
            {
                Maintain(now);
                nextMaintenance = now + MaintenanceIntervalNs;
            }

            if (next >= total && ((busy == 0 && queued.Count == 0) || now >= drainDeadline))
            {
                break;
            }

            if (next < total)
            {
                long due = start + (long)(next * intervalNs);
                if (due != armed)
                {
                    Check(Libc.ArmTimerAt(timerFd, due), "timerfd_settime");
                    armed = due;
                }
            }

            armed = WaitAndHandle(armed);
        }

        result.TimedOut += busy;
        result.Unsent += queued.Count;
        return result;
    }

    public void Dispose()
    {
        foreach (LoadConnection connection in connections)
        {
            connection.Socket?.Dispose();
        }

        _ = Libc.Close(timerFd);
        _ = Libc.Close(epollFd);
        NativeMemory.Free(request);
        NativeMemory.Free(receiveBuffer);
        NativeMemory.Free(events);
    }

    private static int Check(int returnValue, string call) =>
        returnValue >= 0 ? returnValue : throw new InvalidOperationException($"{call} failed: errno {Libc.LastError}");

    private long WaitAndHandle(long armed)
    {
        int count = Libc.EpollWait(epollFd, events, MaxEvents, WakeupMilliseconds);
        if (count < 0)
        {
            return Libc.LastError == Libc.EIntr ? armed : Check(count, "epoll_wait");
        }

        for (int i = 0; i < count; i++)
        {
            byte* item = events + (i * Libc.EpollEventSize);
            int mask = (int)*(uint*)item;
            long tag = *(long*)(item + Libc.EpollDataOffset);
            if (tag == TimerTag)
            {
                // The one-shot timer fired and is now disarmed; read its expiry count to clear it.
                long expirations;
                _ = Libc.Read(timerFd, (byte*)&expirations, sizeof(long));
                armed = long.MinValue;
                continue;
            }

            LoadConnection connection = connections[(int)(uint)tag];
            if (connection.Tag != tag || connection.State == ConnectionState.Down)
            {
                continue;
            }

            if ((mask & Libc.EpollOut) != 0 && connection.State == ConnectionState.Writing)
            {
                ContinueWrite(connection);
            }

            if ((mask & (Libc.EpollIn | Libc.EpollErr | Libc.EpollHup | Libc.EpollRdHup)) != 0 && connection.Tag == tag)
            {
                ReadAvailable(connection);
            }
        }

        return armed;
    }
}
