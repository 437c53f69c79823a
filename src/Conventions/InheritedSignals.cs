using System.Globalization;
using System.Runtime.InteropServices;

namespace Conventions;

/// <summary>
/// Undoes signal dispositions a process inherited as "ignored". A process started by <c>nohup</c> ignores SIGHUP, and
/// a background job of a shell without job control ignores SIGINT; the .NET runtime keeps such an inherited
/// disposition and never calls a handler registered for that signal, so the router would silently neither reload
/// on SIGHUP nor stop on SIGINT, and the emitter sidecar not unregister on SIGINT. Go's <c>signal.Notify</c>, which
/// Gorouter uses, installs its handler anyway; the router and the sidecar do the same for the signals they handle by
/// setting them back to their default action just before registering their handlers.
/// </summary>
public static partial class InheritedSignals
{
    private const string StatusFile = "/proc/self/status";
    private const string IgnoredField = "SigIgn:";
    private const nint DefaultAction = 0;
    private const nint SignalError = -1;

    /// <summary>SIGHUP (Linux number and name): the router reloads its configuration.</summary>
    public static readonly (int Number, string Name) Hangup = (1, "SIGHUP");

    /// <summary>SIGINT: stop.</summary>
    public static readonly (int Number, string Name) Interrupt = (2, "SIGINT");

    /// <summary>SIGUSR1: the router's drain.</summary>
    public static readonly (int Number, string Name) User1 = (10, "SIGUSR1");

    /// <summary>SIGTERM: stop.</summary>
    public static readonly (int Number, string Name) Terminate = (15, "SIGTERM");

    /// <summary>
    /// Sets every signal of <paramref name="signals"/> that this process ignores back to its default action and
    /// returns the names of those it changed. Does nothing where <c>/proc/self/status</c> does not say (not Linux).
    /// </summary>
    public static IReadOnlyList<string> RestoreDefaults(params ReadOnlySpan<(int Number, string Name)> signals)
    {
        if (ReadIgnoredMask() is not { } ignored)
        {
            return [];
        }

        var restored = new List<string>();
        foreach (var (number, name) in signals)
        {
            if (IsIgnored(ignored, number) && SetAction(number, DefaultAction) != SignalError)
            {
                restored.Add(name);
            }
        }

        return restored;
    }

    /// <summary>True when bit <paramref name="number"/> − 1 of a <c>SigIgn</c> mask is set.</summary>
    public static bool IsIgnored(ulong mask, int number) => number is >= 1 and <= 64 && (mask & (1UL << (number - 1))) != 0;

    /// <summary>The <c>SigIgn</c> mask of a <c>/proc/PID/status</c> text, or null when it has none.</summary>
    public static ulong? ParseIgnoredMask(IEnumerable<string> statusLines)
    {
        foreach (var line in statusLines)
        {
            if (line.StartsWith(IgnoredField, StringComparison.Ordinal))
            {
                return ulong.TryParse(line.AsSpan(IgnoredField.Length).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask)
                    ? mask
                    : null;
            }
        }

        return null;
    }

    private static ulong? ReadIgnoredMask()
    {
        try
        {
            return OperatingSystem.IsLinux() ? ParseIgnoredMask(File.ReadLines(StatusFile)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint SetAction(int signal, nint action);
}
