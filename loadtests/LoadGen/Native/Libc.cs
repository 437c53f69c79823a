using System.Runtime.InteropServices;

namespace LoadGen.Native;

/// <summary>
/// The few Linux system calls the load generator drives directly. Going below System.Net.Sockets
/// keeps the measuring loop on one thread with no thread-pool hand-offs, so the generator adds
/// only a few system calls to each request's measured latency.
/// </summary>
internal static unsafe partial class Libc
{
    // Values from the Linux UAPI headers; identical on x86-64 and arm64.
    public const int EpollIn = 0x001;
    public const int EpollOut = 0x004;
    public const int EpollErr = 0x008;
    public const int EpollHup = 0x010;
    public const int EpollRdHup = 0x2000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;
    public const int CloExec = 0x80000;
    public const int NonBlock = 0x800;
    public const int ClockMonotonic = 1;
    public const int TimerAbsTime = 1;
    public const int MsgDontWait = 0x40;
    public const int MsgNoSignal = 0x4000;
    public const int EIntr = 4;
    public const int EAgain = 11;

    private const string Library = "libc";

    /// <summary>Size of <c>struct epoll_event</c>: packed to 12 bytes on x86-64 only.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Offset of the <c>data</c> member inside <c>struct epoll_event</c>.</summary>
    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Itimerspec
    {
        public Timespec Interval;
        public Timespec Value;
    }

    [LibraryImport(Library, EntryPoint = "clock_gettime")]
    [SuppressGCTransition]
    private static partial int ClockGetTime(int clockId, Timespec* time);

    [LibraryImport(Library, EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanoSleep(int clockId, int flags, Timespec* request, Timespec* remaining);

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epollFd, int operation, int fd, byte* epollEvent);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epollFd, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "timerfd_create", SetLastError = true)]
    public static partial int TimerFdCreate(int clockId, int flags);

    [LibraryImport(Library, EntryPoint = "timerfd_settime", SetLastError = true)]
    private static partial int TimerFdSetTime(int fd, int flags, Itimerspec* newValue, Itimerspec* oldValue);

    [LibraryImport(Library, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Library, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>CLOCK_MONOTONIC in nanoseconds: the clock timerfd deadlines are set on.</summary>
    public static long MonotonicNanoseconds()
    {
        Timespec now;
        _ = ClockGetTime(ClockMonotonic, &now);
        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }

    /// <summary>
    /// Sleeps for <paramref name="nanoseconds"/> on CLOCK_MONOTONIC. Unlike Thread.Sleep and
    /// Task.Delay (whole milliseconds) this resolves to the kernel's timer slack, about 50 µs,
    /// and leaves the core to other processes meanwhile.
    /// </summary>
    public static void SleepNanoseconds(long nanoseconds)
    {
        if (nanoseconds <= 0)
        {
            return;
        }

        // An absolute deadline, so a signal interrupting the sleep does not stretch it.
        long deadline = MonotonicNanoseconds() + nanoseconds;
        Timespec due;
        due.Seconds = deadline / 1_000_000_000L;
        due.Nanoseconds = deadline % 1_000_000_000L;
        int result;
        do
        {
            result = ClockNanoSleep(ClockMonotonic, TimerAbsTime, &due, null);
        }
        while (result == EIntr);
    }

    /// <summary>Adds, changes or removes <paramref name="fd"/> in an epoll set, tagged with <paramref name="data"/>.</summary>
    public static int EpollControl(int epollFd, int operation, int fd, int events, long data)
    {
        byte* buffer = stackalloc byte[16];
        *(uint*)buffer = (uint)events;
        *(long*)(buffer + EpollDataOffset) = data;
        return EpollCtl(epollFd, operation, fd, buffer);
    }

    /// <summary>Arms a one-shot timerfd for an absolute CLOCK_MONOTONIC instant.</summary>
    public static int ArmTimerAt(int timerFd, long monotonicNanoseconds)
    {
        // A zero it_value disarms the timer, so a deadline already in the past becomes 1 ns.
        long due = Math.Max(monotonicNanoseconds, 1);
        Itimerspec spec = default;
        spec.Value.Seconds = due / 1_000_000_000L;
        spec.Value.Nanoseconds = due % 1_000_000_000L;
        return TimerFdSetTime(timerFd, TimerAbsTime, &spec, null);
    }

    /// <summary>The errno of the last failed call made through this class on this thread.</summary>
    public static int LastError => Marshal.GetLastPInvokeError();
}
