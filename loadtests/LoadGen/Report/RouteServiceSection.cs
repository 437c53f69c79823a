namespace LoadGen.Report;

/// <summary>
/// Route-service cost (loadtests/route-service.sh run by run.sh into <c>route-service/</c>): router CPU per client
/// request for a direct route and for a route bound to a route service (two passes through the router), round by round:
/// under closed-loop wrk load, and at one fixed arrival rate on both routes.
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
        var (rateRatio, rateErrors) = WriteFixedRate(context, settings, rounds);
        errorSum += rateErrors;
        MarkdownTable targets = new("target", "measured", "met");
        targets.Add($"route-service request ≤ {CpuRatioTarget:0.0}× a direct one in router CPU, closed loop", Format.Fixed(ratio, 2) + "×", TlsSection.Met(ratio <= CpuRatioTarget, ratio));
        if (double.IsFinite(rateRatio))
        {
            targets.Add($"route-service request ≤ {CpuRatioTarget:0.0}× a direct one in router CPU, at {settings.Text("rate")} req/s", Format.Fixed(rateRatio, 2) + "×", TlsSection.Met(rateRatio <= CpuRatioTarget, rateRatio));
        }

        targets.Add("0 errors", Format.Integer(errorSum), TlsSection.Met(errorSum == 0, errorSum));
        targets.WriteTo(context.Output);
    }

    /// <summary>The fixed-rate table, when the run has one; the ratio of the summed CPU per request (NaN without) and the errors.</summary>
    private static (double Ratio, double Errors) WriteFixedRate(ReportContext context, KeyValueFile settings, int rounds)
    {
        if (!double.IsFinite(settings.Number("rate")))
        {
            return (double.NaN, 0);
        }

        context.Output.Append($"\nThe same routes at a fixed {settings.Text("rate")} req/s each (LoadGen, open loop, ")
            .Append($"{settings.Text("connections")} keep-alive connections, {settings.Text("rate_seconds")} s): the router's CPU per ")
            .Append("request at one arrival rate on both routes, where wrk saturates the router with about three times as many ")
            .Append("direct requests as bound ones.\n\n");
        MarkdownTable table = new("round", "direct CPU µs/req", "route service CPU µs/req", "ratio", "errors");
        double directSum = 0;
        double boundSum = 0;
        double errorSum = 0;
        for (int round = 1; round <= rounds; round++)
        {
            KeyValueFile values = KeyValueFile.Load(context.PathOf(Directory, $"round-{round}.txt"));
            double directCpu = values.Number("direct_rate_cpu_us");
            double boundCpu = values.Number("bound_rate_cpu_us");
            double errors = values.Number("rate_errors");
            directSum += directCpu;
            boundSum += boundCpu;
            errorSum += errors;
            table.Add(
                round.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Fixed(directCpu, 1), Format.Fixed(boundCpu, 1),
                Format.Ratio(boundCpu, directCpu), Format.Integer(errors));
        }

        table.WriteTo(context.Output);
        return (boundSum / directSum, errorSum);
    }
}
