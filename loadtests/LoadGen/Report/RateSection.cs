namespace LoadGen.Report;

/// <summary>Scenario (b): fixed request rate from the open-loop generator.</summary>
internal static class RateSection
{
    private const string Send = "latency_from_send_us.";
    private const string Scheduled = "latency_from_schedule_us.";
    private static readonly string[] PlotFields = ["p50", "p90", "p99", "p99_9"];

    public static void Write(ReportContext context)
    {
        var runs = Contenders.Files(context.PathOf("rate"), "json")
            .Select(file => (file.Contender, Load: JsonResult.Load(file.Path), Proc: ProcSample.Load(Path.ChangeExtension(file.Path, "proc"))))
            .Where(run => run.Load is not null)
            .ToList();
        if (runs.Count == 0)
        {
            return;
        }

        var groups = Contenders.Sort(runs.Select(run => run.Contender))
            .Select(name => (Name: name, Runs: runs.Where(run => run.Contender == name).ToList()))
            .ToList();
        double MedianOf(string name, string field) =>
            groups.Where(g => g.Name == name).Select(g => Spread.Of(g.Runs.Select(r => r.Load!.Number(field))).Median).DefaultIfEmpty(double.NaN).First();
        double directP50 = MedianOf(Contenders.Direct, Send + "p50");
        double bareP50 = MedianOf(Contenders.BareYarp, Send + "p50");

        var meta = context.Meta;
        context.Output.Append("## (b) Fixed rate, open loop\n\n")
            .Append($"{meta.Text("rate")} req/s for {meta.Text("rate_seconds")} s over {meta.Text("connections")} keep-alive connections ")
            .Append($"(LoadGen), {meta.Text("rounds")} interleaved rounds. Latency from send to response; the last ")
            .Append("latency column counts from each request's scheduled instant, so queueing inside the generator ")
            .Append("is not hidden (no coordinated omission). Medians across rounds, min–max in brackets. Of the proxy's ")
            .Append("CPU per request, \"of which kernel\" is its system time (stime), and \"switches/req\" counts how often ")
            .Append("its threads were switched out (voluntary and involuntary context switches, from /proc), i.e. how ")
            .Append("often it slept and was woken again per request.\n\n");
        MarkdownTable table = new(
            "contender", "achieved req/s", "p50", "p90", "p99", "p99.9", "max", "p99.9 from schedule",
            "p50 × bare YARP", "p50 × direct", "proxy CPU", "CPU µs/req", "of which kernel", "switches/req", "RSS after",
            "errors / non-2xx");
        List<string> plot = [];
        foreach ((string name, var list) in groups)
        {
            Spread Field(string field) => Spread.Of(list.Select(run => run.Load!.Number(field)));
            bool isDirect = name == Contenders.Direct;
            double PerRequest(Func<ProcSample, double, double> measure) =>
                Spread.Of(list.Select(run => measure(run.Proc, run.Load!.Number("completed")))).Median;
            Spread p50 = Field(Send + "p50");
            table.Add(
                Contenders.Describe(name),
                Format.Integer(Field("achieved_rate").Median),
                Format.WithSpread(p50, Format.Ms),
                Format.Ms(Field(Send + "p90").Median),
                Format.WithSpread(Field(Send + "p99"), Format.Ms),
                Format.WithSpread(Field(Send + "p99_9"), Format.Ms),
                Format.Ms(Field(Send + "max").Median),
                Format.Ms(Field(Scheduled + "p99_9").Median),
                Format.Ratio(p50.Median, bareP50),
                Format.Ratio(p50.Median, directP50),
                isDirect ? Format.Missing : Format.Fixed(Spread.Of(list.Select(run => run.Proc.CpuSeconds / run.Load!.Number("elapsed_s") * 100)).Median, 0) + "%",
                isDirect ? Format.Missing : Format.Fixed(PerRequest((proc, requests) => proc.CpuMicrosecondsPer(requests)), 0),
                isDirect ? Format.Missing : Format.Fixed(PerRequest((proc, requests) => proc.SystemMicrosecondsPer(requests)), 0),
                isDirect ? Format.Missing : Format.Fixed(PerRequest((proc, requests) => proc.ContextSwitchesPer(requests)), 1),
                Format.MegaBytes(Spread.Of(list.Select(run => run.Proc.RssKb)).Median),
                $"{list.Sum(run => run.Load!.Number("errors")):0} / {list.Sum(run => run.Load!.Number("non_2xx")):0}");
            plot.Add(string.Join(' ', [Plotter.Label(name), .. PlotFields.Select(p => (Field(Send + p).Median / 1000).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture))]));
        }

        table.WriteTo(context.Output);
        context.Image(
            context.Plots.Render("latency", $"Latency percentiles at {meta.Text("rate")} req/s (send to response, median of rounds)", plot, 5),
            "latency percentiles per contender");
    }
}
