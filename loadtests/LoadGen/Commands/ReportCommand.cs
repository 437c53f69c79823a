using System.Text;
using LoadGen.CommandLine;
using LoadGen.Report;

namespace LoadGen.Commands;

/// <summary><c>report</c>: turns a run directory written by run.sh into the markdown report and plots.</summary>
internal static class ReportCommand
{
    public const string Usage = """
        usage: LoadGen report --run DIR --out RESULTS/NAME.md [--plot-script plot.gp] [--latest RESULTS/latest.md]
          Writes the markdown report, renders NAME-<plot>.png next to it with gnuplot when a plot
          script is given, and points --latest at the new report.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, ["run", "out", "plot-script", "latest"]);
        string runDirectory = reader.Required("run");
        string output = reader.Required("out");
        string? script = reader.Optional("plot-script");
        if (runDirectory.Length > 0 && !Directory.Exists(runDirectory))
        {
            reader.AddError($"run directory '{runDirectory}' does not exist");
        }

        if (script is not null && !File.Exists(script))
        {
            reader.AddError($"plot script '{script}' does not exist");
        }

        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        string outputDirectory = Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".";
        Directory.CreateDirectory(outputDirectory);
        string stem = Path.GetFileNameWithoutExtension(output);
        KeyValueFile meta = KeyValueFile.Load(Path.Combine(runDirectory, "meta.txt"));
        Plotter plotter = new(script is null ? null : Path.GetFullPath(script), Path.Combine(runDirectory, "plots"), outputDirectory, stem);
        string markdown = ReportWriter.Build(new ReportContext(runDirectory, meta, new StringBuilder(), plotter));
        File.WriteAllText(output, markdown);
        Console.Out.WriteLine($"report written to {output}");

        if (reader.Optional("latest") is { } latest)
        {
            string relative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(latest)) ?? ".", Path.GetFullPath(output));
            File.WriteAllText(latest, $"""
                # Latest load-test run

                [{Path.GetFileName(output)}]({relative}): commit `{meta.Text("commit")}`, started {meta.Text("started")} UTC{(meta.Text("quick", "0") == "1" ? " (QUICK run)" : string.Empty)}.

                Produced by `loadtests/run.sh`; see `loadtests/README.md`.

                """);
        }

        return 0;
    }
}
