using System.Globalization;

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
            .Append("A freshly started router (metrics on, access log off) receives N `router.register` messages ")
            .Append("published as fast as one NATS connection allows, one endpoint per route. \"Routable\" is the ")
            .Append("time from the first publish until the last route answers 200 through the router; the ")
            .Append("registration rate is N divided by that. One more route is then published and timed to ")
            .Append("routable a few times on the full table (median shown). RSS is VmRSS of the router before ")
            .Append("registering, right after the last route became routable, and its peak (VmHWM).\n\n");
        MarkdownTable table = new(
            "routes", "publish rate msg/s", "all routable after", "registration rate /s", "one more route: publish → routable",
            "routes in /routes", "RSS before", "RSS after", "peak RSS", "RSS per 1,000 routes");
        foreach (int size in sizes)
        {
            JsonResult? register = JsonResult.Load(Path.Combine(directory, $"{size}.register.json"));
            JsonResult? routes = JsonResult.Load(Path.Combine(directory, $"{size}.routes.json"));
            KeyValueFile proc = KeyValueFile.Load(Path.Combine(directory, $"{size}.proc"));
            Spread single = Spread.Of(Directory.EnumerateFiles(directory, $"{size}.single.*.json")
                .Select(JsonResult.Load)
                .Where(result => result is not null && result.Flag("routable"))
                .Select(result => result!.Number("seconds") * 1e6));
            bool routable = register?.Flag("routable") ?? false;
            double before = proc.Number("rss_before_kb");
            double after = proc.Number("rss_kb");
            table.Add(
                Format.Integer(size),
                Format.Integer(register?.Number("first_pass_rate") ?? double.NaN),
                routable ? Format.Fixed(register!.Number("routable_after_s"), 2) + " s" : "not routable",
                routable ? Format.Integer(register!.Number("registration_rate")) : Format.Missing,
                Format.WithSpread(single, Format.Ms),
                Format.Integer(routes?.Number("routes") ?? double.NaN),
                Format.MegaBytes(before),
                Format.MegaBytes(after),
                Format.MegaBytes(proc.Number("hwm_kb")),
                Format.Fixed((after - before) / 1024 / size * 1000, 2) + " MB");
        }

        table.WriteTo(context.Output);
    }
}
