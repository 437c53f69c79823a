using System.Globalization;

namespace LoadGen.Report;

/// <summary>A <c>key=value</c> per line file as the load scripts write them (meta.txt, *.proc).</summary>
internal sealed class KeyValueFile
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    private KeyValueFile()
    {
    }

    public static KeyValueFile Load(string path)
    {
        KeyValueFile file = new();
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path))
            {
                int equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    file.values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
                }
            }
        }

        return file;
    }

    public string Text(string key, string fallback = "—") =>
        values.TryGetValue(key, out string? value) && value.Length > 0 ? value : fallback;

    public double Number(string key) =>
        values.TryGetValue(key, out string? value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? number
            : double.NaN;
}

/// <summary>CPU and memory of the process under test over one measured run (a *.proc file).</summary>
/// <param name="CpuSeconds">utime+stime consumed during the run, from /proc/PID/stat.</param>
/// <param name="SystemSeconds">The stime (kernel) part of <paramref name="CpuSeconds"/>.</param>
/// <param name="ContextSwitches">Voluntary and involuntary context switches of all its threads during the run.</param>
/// <param name="WallSeconds">Length of the run.</param>
/// <param name="RssKb">VmRSS right after the run.</param>
/// <param name="HwmKb">VmHWM (peak RSS) right after the run.</param>
internal sealed record ProcSample(double CpuSeconds, double SystemSeconds, double ContextSwitches, double WallSeconds, double RssKb, double HwmKb)
{
    public static ProcSample Load(string path)
    {
        KeyValueFile file = KeyValueFile.Load(path);
        return new ProcSample(
            file.Number("cpu_seconds"), file.Number("system_seconds"), file.Number("context_switches"),
            file.Number("wall_seconds"), file.Number("rss_kb"), file.Number("hwm_kb"));
    }

    /// <summary>Share of one core used, in percent.</summary>
    public double CpuPercent => CpuSeconds / WallSeconds * 100;

    public double CpuMicrosecondsPer(double requests) => requests > 0 ? CpuSeconds * 1e6 / requests : double.NaN;

    public double SystemMicrosecondsPer(double requests) => requests > 0 ? SystemSeconds * 1e6 / requests : double.NaN;

    public double ContextSwitchesPer(double requests) => requests > 0 ? ContextSwitches / requests : double.NaN;
}
