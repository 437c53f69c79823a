using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Router.ProcessTests.Infrastructure;

/// <summary>Sends POSIX signals to another process (Linux numbers); .NET can only kill, not signal, a child process.</summary>
public static partial class Signals
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigUsr1 = 10;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; throws with the OS error if it cannot.</summary>
    public static void Send(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new Win32Exception(error, $"kill({processId}, {signal}) failed with errno {error}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
