namespace LoadGen.Report;

/// <summary>Scenario (d): steady traffic while registrations churn and stale routes are pruned.</summary>
internal static class ChurnSection
{
    private const string Send = "latency_from_send_us.";
    private static readonly string[] LatencyFields = ["p50", "p99", "p99_9", "max"];

    public static void Write(ReportContext context)
    {
        JsonResult? load = JsonResult.Load(context.PathOf("churn", "load.json"));
        if (load is null)
        {
            return;
        }

        JsonResult? register = JsonResult.Load(context.PathOf("churn", "register.json"));
        JsonResult? atEnd = JsonResult.Load(context.PathOf("churn", "routes-end.json"));
        JsonResult? afterWait = JsonResult.Load(context.PathOf("churn", "routes-after-prune.json"));
        ProcSample proc = ProcSample.Load(context.PathOf("churn", "router.proc"));
        var meta = context.Meta;
        double live = meta.Number("churn_routes");

        context.Output.Append("## (d) Churn\n\n")
            .Append($"{meta.Text("rate")} req/s to one route for {meta.Text("churn_seconds")} s while ")
            .Append($"{meta.Text("churn_registration_rate")} registrations/s arrive for {meta.Text("churn_routes")} other routes; ")
            .Append($"on every pass {meta.Text("churn_fraction")} of those route names are replaced, and the replaced ones ")
            .Append($"(stale_threshold_in_seconds {meta.Text("churn_stale_seconds")}) are left for the router to prune. ")
            .Append("0 errors and 0 non-2xx are expected.\n\n");
        MarkdownTable table = new("figure", "value");
        table.Add("requests completed", Format.Integer(load.Number("completed")));
        table.Add("errors / non-2xx", $"{load.Number("errors"):0} / {load.Number("non_2xx"):0}");
        table.Add("achieved req/s", Format.Integer(load.Number("achieved_rate")));
        table.Add("latency p50 / p99 / p99.9 / max", string.Join(" / ", LatencyFields.Select(p => Format.Ms(load.Number(Send + p)))));
        table.Add("registrations published / rate", $"{Format.Integer(register?.Number("messages") ?? double.NaN)} / {Format.Integer(register?.Number("message_rate") ?? double.NaN)} per s");
        table.Add("route names created / abandoned", $"{Format.Integer(register?.Number("routes_created") ?? double.NaN)} / {Format.Integer(register?.Number("routes_abandoned") ?? double.NaN)}");
        table.Add("churn routes in table at the end (live + not yet pruned)", $"{Format.Integer(atEnd?.Number("matching_routes") ?? double.NaN)} (live {Format.Integer(live)})");
        if (afterWait is not null)
        {
            double left = afterWait.Number("matching_routes");
            table.Add(
                "pruning after the last registration (expected: all pruned)",
                left == 0 ? $"all churn routes pruned within {meta.Text("churn_prune_wait")} s" : $"{Format.Integer(left)} churn routes still present after {meta.Text("churn_prune_wait")} s");
        }

        table.Add("router CPU / µs per request", $"{Format.Fixed(proc.CpuSeconds / load.Number("elapsed_s") * 100, 0)}% / {Format.Fixed(proc.CpuMicrosecondsPer(load.Number("completed")), 0)}");
        table.Add("router RSS after / peak", $"{Format.MegaBytes(proc.RssKb)} / {Format.MegaBytes(proc.HwmKb)}");
        table.WriteTo(context.Output);
    }
}
