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

    /// <summary>True when this process ignores any of <paramref name="signals"/> (its children then inherit that).</summary>
    public static bool IsAnyIgnored(params ReadOnlySpan<int> signals)
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return false;
        }

        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (line is null)
        {
            return false;
        }

        var ignored = ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var signal in signals)
        {
            if ((ignored & (1UL << (signal - 1))) != 0)
            {
                return true;
            }
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
