using System.Text;

namespace LoadGen.Report;

/// <summary>What every report section reads from and writes to.</summary>
/// <param name="RunDirectory">Raw measurements written by run.sh.</param>
/// <param name="Meta">meta.txt of the run: commit, machine, tools, parameters.</param>
/// <param name="Output">The markdown being built.</param>
/// <param name="Plots">Renders PNGs next to the markdown.</param>
internal sealed record ReportContext(string RunDirectory, KeyValueFile Meta, StringBuilder Output, Plotter Plots)
{
    public string PathOf(params string[] parts) => Path.Combine([RunDirectory, .. parts]);

    public void Image(string? png, string alt)
    {
        if (png is not null)
        {
            Output.Append("![").Append(alt).Append("](").Append(png).Append(")\n\n");
        }
    }
}
