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
