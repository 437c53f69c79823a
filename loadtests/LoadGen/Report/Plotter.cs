using System.Diagnostics;
using System.Globalization;

namespace LoadGen.Report;

/// <summary>
/// Renders one PNG per plot kind with gnuplot and the project's plot script, next to the
/// markdown report. A missing gnuplot or a failed plot costs the picture, not the report.
/// </summary>
internal sealed class Plotter(string? script, string dataDirectory, string outputDirectory, string stem)
{
    private static readonly TimeSpan PlotTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Writes the data file and renders it; returns the PNG's file name, or null.</summary>
    public string? Render(string kind, string title, IReadOnlyList<string> dataLines, int columns)
    {
        if (script is null)
        {
            return null;
        }

        Directory.CreateDirectory(dataDirectory);
        string data = Path.Combine(dataDirectory, kind + ".dat");
        File.WriteAllLines(data, dataLines);
        string png = $"{stem}-{kind}.png";
        string output = Path.Combine(outputDirectory, png);
        File.Delete(output);
        ProcessStartInfo start = new("gnuplot")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"kind='{kind}'; datafile='{Escape(data)}'; outfile='{Escape(output)}'; plottitle='{Escape(title)}'; columns={columns}"));
        start.ArgumentList.Add(script);
        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("gnuplot did not start");
            Task<string> errors = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(PlotTimeout))
            {
                process.Kill(entireProcessTree: true);
                Console.Error.WriteLine($"warning: gnuplot took longer than {PlotTimeout.TotalSeconds} s for {kind}; plot skipped");
                return null;
            }

            if (process.ExitCode != 0 || !File.Exists(output))
            {
                Console.Error.WriteLine($"warning: gnuplot failed for {kind}: {errors.Result.Trim()}");
                return null;
            }

            return png;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Console.Error.WriteLine($"warning: cannot run gnuplot ({exception.Message}); plot {kind} skipped");
            return null;
        }
    }

    /// <summary>Quotes a label for a gnuplot data file.</summary>
    public static string Label(string text) => "\"" + text.Replace("\"", "'", StringComparison.Ordinal) + "\"";

    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);
}
