namespace LoadGen.Report;

/// <summary>Scenario (a): maximum throughput with wrk, median and spread over the rounds.</summary>
internal static class ThroughputSection
{
    public static void Write(ReportContext context)
    {
        var runs = Contenders.Files(context.PathOf("throughput"), "wrk")
            .Select(file => (file.Contender, Wrk: WrkOutput.Load(file.Path), Proc: ProcSample.Load(Path.ChangeExtension(file.Path, "proc"))))
            .Where(run => run.Wrk is not null)
            .ToList();
        if (runs.Count == 0)
        {
            return;
        }

        var byContender = Contenders.Sort(runs.Select(run => run.Contender))
            .Select(name => (Name: name, Runs: runs.Where(run => run.Contender == name).ToList()))
            .ToList();
        double direct = Median(byContender, Contenders.Direct, run => run.Wrk!.RequestsPerSecond);
        double bare = Median(byContender, Contenders.BareYarp, run => run.Wrk!.RequestsPerSecond);

        var meta = context.Meta;
        context.Output.Append("## (a) Maximum throughput\n\n")
            .Append($"wrk {meta.Text("wrk_threads", "1")} thread, {meta.Text("wrk_connections", "50")} keep-alive connections, ")
            .Append($"{meta.Text("throughput_seconds")} s per run, {meta.Text("rounds")} interleaved rounds. ")
            .Append("Latency is wrk's (closed loop, so it mostly shows queueing at saturation). ")
            .Append("CPU is the proxy process's utime+stime over the run.\n\n");
        MarkdownTable table = new("contender", "req/s median (min–max)", "% of direct", "× bare YARP", "p50", "p99", "proxy CPU µs/req", "proxy CPU", "RSS after", "errors / non-2xx");
        List<string> plot = [];
        foreach ((string name, var list) in byContender)
        {
            Spread rate = Spread.Of(list.Select(run => run.Wrk!.RequestsPerSecond));
            bool isDirect = name == Contenders.Direct;
            table.Add(
                Contenders.Describe(name),
                Format.WithSpread(rate, Format.Integer),
                Format.Percent(rate.Median, direct),
                Format.Ratio(rate.Median, bare),
                Format.Ms(Spread.Of(list.Select(run => run.Wrk!.P50Us)).Median),
                Format.Ms(Spread.Of(list.Select(run => run.Wrk!.P99Us)).Median),
                isDirect ? Format.Missing : Format.Fixed(Spread.Of(list.Select(run => run.Proc.CpuMicrosecondsPer(run.Wrk!.Requests))).Median, 1),
                isDirect ? Format.Missing : Format.Fixed(Spread.Of(list.Select(run => run.Proc.CpuPercent)).Median, 0) + "%",
                Format.MegaBytes(Spread.Of(list.Select(run => run.Proc.RssKb)).Median),
                $"{list.Sum(run => run.Wrk!.SocketErrors):0} / {list.Sum(run => run.Wrk!.Non2xx):0}");
            plot.Add($"{Plotter.Label(name)} {rate.Median:0} {rate.Min:0} {rate.Max:0}");
        }

        table.WriteTo(context.Output);
        context.Image(context.Plots.Render("throughput", "Maximum throughput (wrk), median and min-max of rounds", plot, 4), "throughput per contender");
    }

    private static double Median<T>(List<(string Name, List<T> Runs)> groups, string name, Func<T, double> value) =>
        groups.Where(group => group.Name == name).Select(group => Spread.Of(group.Runs.Select(value)).Median).DefaultIfEmpty(double.NaN).First();
}
