using System.Globalization;

namespace LoadGen.Report;

/// <summary>Scenario (e): throughput in each second after a fresh start under wrk load.</summary>
internal static class WarmupSection
{
    private const int Window = 10;

    public static void Write(ReportContext context)
    {
        string directory = context.PathOf("warmup");
        if (!Directory.Exists(directory))
        {
            return;
        }

        var series = Contenders.Sort(Directory.EnumerateFiles(directory, "*.tsv").Select(Path.GetFileNameWithoutExtension).OfType<string>())
            .Select(name => (Name: name, Values: Read(Path.Combine(directory, name + ".tsv"))))
            .Where(item => item.Values.Count > 0)
            .ToList();
        if (series.Count == 0)
        {
            return;
        }

        int seconds = series.Max(item => item.Values.Count);
        context.Output.Append("## (e) Warm-up\n\n")
            .Append($"Each contender freshly started and put straight under wrk load ({context.Meta.Text("warmup_seconds")} s, ")
            .Append("1 thread, 50 connections); requests per second counted at the backend (nginx stub_status). ")
            .Append($"\"Steady\" is the mean of the last {Window} s.\n\n");
        List<string> headers = ["contender"];
        for (int start = 0; start < seconds; start += Window)
        {
            headers.Add($"s {start + 1}–{Math.Min(start + Window, seconds)}");
        }

        headers.AddRange(["steady req/s", "first second ≥ 90% of steady"]);
        MarkdownTable table = new([.. headers]);
        foreach ((string name, List<double> values) in series)
        {
            List<string> row = [Contenders.Describe(name)];
            for (int start = 0; start < seconds; start += Window)
            {
                row.Add(Format.Integer(values.Skip(start).Take(Window).DefaultIfEmpty(double.NaN).Average()));
            }

            double steady = values.Skip(Math.Max(0, values.Count - Window)).Average();
            int reached = values.FindIndex(value => value >= 0.9 * steady);
            row.Add(Format.Integer(steady));
            row.Add(reached < 0 ? Format.Missing : $"{reached + 1} s");
            table.Add([.. row]);
        }

        table.WriteTo(context.Output);
        List<string> plot = [string.Join(' ', ["second", .. series.Select(item => Plotter.Label(item.Name))])];
        for (int second = 0; second < seconds; second++)
        {
            plot.Add(string.Join(' ', [
                (second + 1).ToString(CultureInfo.InvariantCulture),
                .. series.Select(item => second < item.Values.Count ? item.Values[second].ToString("0", CultureInfo.InvariantCulture) : "NaN")]));
        }

        context.Image(context.Plots.Render("warmup", "Requests per second after a fresh start under wrk load", plot, series.Count + 1), "warm-up throughput per second");
    }

    private static List<double> Read(string path) =>
        [.. File.ReadLines(path)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2)
            .Select(parts => double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : double.NaN)];
}
