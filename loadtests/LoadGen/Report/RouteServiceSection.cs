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
        bool hasRate = double.IsFinite(settings.Number("rate"));
        MarkdownTable table = new("round", "direct req/s", "route service req/s", "direct CPU µs/req", "route service CPU µs/req", "ratio", "errors");
        MarkdownTable rateTable = new("round", "direct CPU µs/req", "route service CPU µs/req", "ratio", "errors");
        double directSum = 0, boundSum = 0, directRateSum = 0, boundRateSum = 0, errorSum = 0;
        for (int round = 1; round <= rounds; round++)
        {
            string name = round.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
                name, Format.Integer(values.Number("direct_rps")), Format.Integer(values.Number("bound_rps")),
                Format.Fixed(directCpu, 1), Format.Fixed(boundCpu, 1), Format.Ratio(boundCpu, directCpu), Format.Integer(errors));
            if (hasRate)
            {
                double directRateCpu = values.Number("direct_rate_cpu_us");
                double boundRateCpu = values.Number("bound_rate_cpu_us");
                double rateErrors = values.Number("rate_errors");
                directRateSum += directRateCpu;
                boundRateSum += boundRateCpu;
                errorSum += rateErrors;
                rateTable.Add(
                    name, Format.Fixed(directRateCpu, 1), Format.Fixed(boundRateCpu, 1), Format.Ratio(boundRateCpu, directRateCpu),
                    Format.Integer(rateErrors));
            }
        }

        table.WriteTo(context.Output);
        MarkdownTable targets = new("target", "measured", "met");
        AddCpuTarget(targets, "closed loop", boundSum / directSum);
        if (hasRate)
        {
            context.Output.Append($"\nThe same routes at a fixed {settings.Text("rate")} req/s each (LoadGen, open loop, ")
                .Append($"{settings.Text("connections")} keep-alive connections, {settings.Text("rate_seconds")} s): the router's CPU per ")
                .Append("request at one arrival rate on both routes, where wrk saturates the router with about three times as many ")
                .Append("direct requests as bound ones.\n\n");
            rateTable.WriteTo(context.Output);
            AddCpuTarget(targets, $"at {settings.Text("rate")} req/s", boundRateSum / directRateSum);
        }

        targets.Add("0 errors", Format.Integer(errorSum), TlsSection.Met(errorSum == 0, errorSum));
        targets.WriteTo(context.Output);
    }

    private static void AddCpuTarget(MarkdownTable targets, string how, double ratio) =>
        targets.Add($"route-service request ≤ {CpuRatioTarget:0.0}× a direct one in router CPU, {how}", Format.Fixed(ratio, 2) + "×", TlsSection.Met(ratio <= CpuRatioTarget, ratio));
}
