using System.Globalization;
using LoadGen.Stats;

namespace LoadGen.Report;

/// <summary>Scenario (c): routes registered over NATS, router memory and registration speed.</summary>
internal static class ScaleSection
{
    public static void Write(ReportContext context)
    {
        string directory = context.PathOf("scale");
        if (!Directory.Exists(directory))
        {
            return;
        }

        var sizes = Directory.EnumerateFiles(directory, "*.register.json")
            .Select(path => Path.GetFileName(path).Split('.')[0])
            .Select(text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : -1)
            .Where(n => n > 0)
            .Order()
            .ToList();
        if (sizes.Count == 0)
        {
            return;
        }

        context.Output.Append("## (c) Route scale\n\n")
            .Append("A freshly started router (metrics on, access log off) receives N routes × K endpoints as ")
            .Append("`router.register` messages, one per endpoint (each endpoint a different loopback address of the ")
            .Append("one backend), published as fast as one NATS connection allows. \"All routable\" is the time from ")
            .Append("the first publish until the last route answers 200 through the router; the registration rate is ")
            .Append("the messages sent divided by that. Then new routes are published one at a time on the full table ")
            .Append("and each is timed from publish to its first 200, measured on a warm keep-alive connection (client ")
            .Append("connected and compiled before the first publish, polling every few hundred µs). RSS is VmRSS of ")
            .Append("the router before registering, right after the last route became routable, and its peak (VmHWM). ")
            .Append("The counts from the router's `/routes`, read after the timed samples, account for every message ")
            .Append("(N × K endpoints plus the sampled routes and the heartbeat route): none was dropped. ")
            .Append("Last, N more new routes are published the same way to the now warm router (its code compiled by ")
            .Append("the first burst) and timed the same way: the registration rate apart from start-up JIT work.\n\n");
        MarkdownTable table = new(
            "routes × endpoints", "publish rate msg/s", "all routable after", "registration rate msg/s",
            "new route, publish → routable p50 / p99 / max", "routes / endpoints in /routes", "RSS before", "RSS after", "peak RSS",
            "RSS per 1,000 routes", "second burst, warm: registration rate msg/s");
        foreach (int size in sizes)
        {
            JsonResult? register = JsonResult.Load(Path.Combine(directory, $"{size}.register.json"));
            JsonResult? routes = JsonResult.Load(Path.Combine(directory, $"{size}.routes.json"));
            JsonResult? warm = JsonResult.Load(Path.Combine(directory, $"{size}.warm-register.json"));
            KeyValueFile proc = KeyValueFile.Load(Path.Combine(directory, $"{size}.proc"));
            bool routable = register?.Flag("routable") ?? false;
            double before = proc.Number("rss_before_kb");
            double after = proc.Number("rss_kb");
            double endpoints = register?.Number("endpoints_per_route") ?? double.NaN;
            table.Add(
                $"{Format.Integer(size)} × {Format.Integer(endpoints)}",
                Format.Integer(register?.Number("first_pass_rate") ?? double.NaN),
                routable ? Format.Fixed(register!.Number("routable_after_s"), 2) + " s" : "not routable",
                RegistrationRate(register),
                NewRoute(directory, size),
                $"{Format.Integer(routes?.Number("routes") ?? double.NaN)} / {Format.Integer(routes?.Number("endpoints") ?? double.NaN)}",
                Format.MegaBytes(before),
                Format.MegaBytes(after),
                Format.MegaBytes(proc.Number("hwm_kb")),
                Format.Fixed((after - before) / 1024 / size * 1000, 2) + " MB",
                RegistrationRate(warm));
        }

        table.WriteTo(context.Output);
        WriteUnderLoad(context, directory, sizes);
    }

    /// <summary>The same router after the timed samples, under wrk load that asks for every route in turn.</summary>
    private static void WriteUnderLoad(ReportContext context, string directory, List<int> sizes)
    {
        var runs = sizes
            .Select(size => (Size: size, Wrk: WrkOutput.Load(Path.Combine(directory, $"{size}.load.wrk")), Proc: ProcSample.Load(Path.Combine(directory, $"{size}.load.proc"))))
            .Where(run => run.Wrk is not null)
            .ToList();
        if (runs.Count == 0)
        {
            return;
        }

        context.Output
            .Append($"Under load: right after the samples, wrk ({context.Meta.Text("wrk_connections", "50")} keep-alive connections, ")
            .Append($"{context.Meta.Text("scale_load_seconds")} s) asks the same router for route 0, 1, … N−1 in turn, so every route ")
            .Append("and endpoint of the table carries traffic; RSS is VmRSS of the router right after that load.\n\n");
        MarkdownTable table = new("routes × endpoints", "req/s across all routes", "p50", "p99", "router CPU µs/req", "RSS after load", "peak RSS", "errors / non-2xx");
        foreach ((int size, WrkOutput? wrk, ProcSample proc) in runs)
        {
            table.Add(
                $"{Format.Integer(size)} × {context.Meta.Text("scale_endpoints", "2")}",
                Format.Integer(wrk!.RequestsPerSecond),
                Format.Ms(wrk.P50Us),
                Format.Ms(wrk.P99Us),
                Format.Fixed(proc.CpuMicrosecondsPer(wrk.Requests), 1),
                Format.MegaBytes(proc.RssKb),
                Format.MegaBytes(proc.HwmKb),
                $"{wrk.SocketErrors:0} / {wrk.Non2xx:0}");
        }

        table.WriteTo(context.Output);
    }

    private static string RegistrationRate(JsonResult? register) =>
        register is null ? Format.Missing
        : register.Flag("routable") ? Format.Integer(register.Number("registration_rate"))
        : "not routable";

    /// <summary>
    /// p50 / p99 / max of the new-route samples, the sample count, and how many never became
    /// routable. Runs before the warm probe existed left one <c>N.single.i.json</c> per sample.
    /// </summary>
    private static string NewRoute(string directory, int size)
    {
        JsonResult? probe = JsonResult.Load(Path.Combine(directory, $"{size}.routable.json"));
        double count, p50, p99, max, failed;
        if (probe is not null)
        {
            count = probe.Number("publish_to_routable_us.count");
            p50 = probe.Number("publish_to_routable_us.p50");
            p99 = probe.Number("publish_to_routable_us.p99");
            max = probe.Number("publish_to_routable_us.max");
            failed = probe.Number("not_routable");
        }
        else
        {
            JsonResult?[] singles = [.. Directory.EnumerateFiles(directory, $"{size}.single.*.json").Select(JsonResult.Load)];
            SampleSummary summary = SampleSummary.Of(singles
                .Where(single => single is not null && single.Flag("routable"))
                .Select(single => single!.Number("seconds") * 1e6));
            (count, p50, p99, max, failed) = (summary.Count, summary.P50, summary.P99, summary.Max, singles.Length - summary.Count);
        }

        string notRoutable = double.IsFinite(failed) && failed > 0 ? $"{Format.Integer(failed)} not routable" : string.Empty;
        if (!(count > 0))
        {
            return notRoutable.Length > 0 ? notRoutable : Format.Missing;
        }

        string text = $"{Format.Ms(p50)} / {Format.Ms(p99)} / {Format.Ms(max)} (n = {Format.Integer(count)})";
        return notRoutable.Length > 0 ? $"{text}, {notRoutable}" : text;
    }
}
