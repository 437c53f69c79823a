namespace LoadGen.Report;

/// <summary>
/// Route-service cost (loadtests/route-service.sh run by run.sh into <c>route-service/</c>): router CPU per client
/// request for a direct route and for a route bound to a route service (two passes through the router), round by round.
/// </summary>
internal static class RouteServiceSection
{
    private const string Directory = "route-service";
    private const double CpuRatioTarget = 2.2;

    public static void Write(ReportContext context)
    {
        KeyValueFile settings = KeyValueFile.Load(context.PathOf(Directory, "route-service.txt"));
        int rounds = (int)(double.IsFinite(settings.Number("rounds")) ? settings.Number("rounds") : 0);
        if (rounds == 0)
        {
            return;
        }

        context.Output.Append("## Route-service cost\n\n")
            .Append($"One router, wrk -t1 -c{settings.Text("connections")} for {settings.Text("seconds_per_run")} s per run, ")
            .Append($"keep-alive on every hop. Direct: `{settings.Text("direct_host")}` to nginx. Route service: `{settings.Text("bound_host")}`, ")
            .Append("registered with `route_service_url`, signed by the router, sent over TLS to an nginx route service that sends ")
            .Append("it back through the router to `X-CF-Forwarded-Url`, then checked and forwarded to the same nginx. Router CPU ")
            .Append("per client request counts both passes.\n\n");
        MarkdownTable table = new("round", "direct req/s", "route service req/s", "direct CPU µs/req", "route service CPU µs/req", "ratio", "errors");
        double directSum = 0;
        double boundSum = 0;
        double errorSum = 0;
        for (int round = 1; round <= rounds; round++)
        {
            KeyValueFile values = KeyValueFile.Load(context.PathOf(Directory, $"round-{round}.txt"));
            WrkOutput? direct = WrkOutput.Load(context.PathOf(Directory, $"round-{round}-{settings.Text("direct_host")}.wrk"));
            WrkOutput? bound = WrkOutput.Load(context.PathOf(Directory, $"round-{round}-{settings.Text("bound_host")}.wrk"));
            double directCpu = values.Number("direct_cpu_us");
            double boundCpu = values.Number("bound_cpu_us");
            double errors = TlsSection.WrkErrors(direct) + TlsSection.WrkErrors(bound);
            directSum += directCpu;
            boundSum += boundCpu;
            errorSum += errors;
            table.Add(
                round.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Integer(values.Number("direct_rps")),
                Format.Integer(values.Number("bound_rps")), Format.Fixed(directCpu, 1), Format.Fixed(boundCpu, 1),
                Format.Ratio(boundCpu, directCpu), Format.Integer(errors));
        }

        table.WriteTo(context.Output);
        double ratio = boundSum / directSum;
        MarkdownTable targets = new("target", "measured", "met");
        targets.Add($"route-service request ≤ {CpuRatioTarget:0.0}× a direct one in router CPU", Format.Fixed(ratio, 2) + "×", TlsSection.Met(ratio <= CpuRatioTarget, ratio));
        targets.Add("0 errors", Format.Integer(errorSum), TlsSection.Met(errorSum == 0, errorSum));
        targets.WriteTo(context.Output);
    }
}
