using System.Diagnostics;

namespace Router.Testing;

/// <summary>Starts and stops a test's child process (a server binary), its output handed to a callback line by line.</summary>
public static class ChildProcess
{
    /// <summary>Starts <paramref name="binary"/> with <paramref name="arguments"/>; standard output and error go to <paramref name="onLine"/>.</summary>
    public static Process Start(string binary, IEnumerable<string> arguments, Action<string?> onLine)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => onLine(e.Data);
        process.ErrorDataReceived += (_, e) => onLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills <paramref name="process"/> (and its children) unless it exited, waits for the exit, disposes it.</summary>
    public static async Task KillAsync(Process process, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(wait.Token);
        }
        finally
        {
            process.Dispose();
        }
    }
}
