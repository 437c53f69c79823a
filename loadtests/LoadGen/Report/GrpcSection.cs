namespace LoadGen.Report;

/// <summary>
/// gRPC through the router (loadtests/grpc.sh run by run.sh into <c>grpc/</c>): closed-loop unary calls per second
/// made directly to a gRPC service and through the router's HTTPS listener, round by round.
/// </summary>
internal static class GrpcSection
{
    private const string Directory = "grpc";
    private const double RatioTarget = 0.5;

    public static void Write(ReportContext context)
    {
        KeyValueFile settings = KeyValueFile.Load(context.PathOf(Directory, "grpc.txt"));
        int rounds = (int)(double.IsFinite(settings.Number("rounds")) ? settings.Number("rounds") : 0);
        if (rounds == 0)
        {
            return;
        }

        context.Output.Append("## gRPC\n\n")
            .Append($"GrpcLoad (Grpc.Net.Client), {settings.Text("concurrency")} callers making unary calls on one HTTP/2 connection ")
            .Append($"for {settings.Text("seconds_per_run")} s per run. Direct: to the gRPC service (Grpc.AspNetCore) over TLS. ")
            .Append($"Router: to the router's HTTPS listener, h2 by ALPN, which reaches the service registered as `{settings.Text("grpc_host")}` ")
            .Append("with `tls_port` and `protocol: http2` over HTTP/2. The two alternate in order from round to round.\n\n");
        MarkdownTable table = new("round", "direct calls/s", "direct p99", "router calls/s", "router p99", "router / direct", "failed calls");
        double directSum = 0;
        double routerSum = 0;
        double errorSum = 0;
        for (int round = 1; round <= rounds; round++)
        {
            KeyValueFile direct = KeyValueFile.Load(context.PathOf(Directory, $"round-{round}-direct.txt"));
            KeyValueFile router = KeyValueFile.Load(context.PathOf(Directory, $"round-{round}-router.txt"));
            double directRate = direct.Number("rate");
            double routerRate = router.Number("rate");
            double errors = direct.Number("errors") + router.Number("errors");
            directSum += directRate;
            routerSum += routerRate;
            errorSum += errors;
            table.Add(
                round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Integer(directRate),
                direct.Text("p99_ms") + " ms",
                Format.Integer(routerRate),
                router.Text("p99_ms") + " ms",
                Format.Ratio(routerRate, directRate),
                Format.Integer(errors));
        }

        table.WriteTo(context.Output);
        double ratio = routerSum / directSum;
        MarkdownTable targets = new("target", "measured", "met");
        targets.Add($"unary calls through the router ≥ {RatioTarget:0.0}× direct", Format.Fixed(ratio, 2) + "×", TlsSection.Met(ratio >= RatioTarget, ratio));
        targets.Add("0 failed calls", Format.Integer(errorSum), TlsSection.Met(errorSum == 0, errorSum));
        targets.WriteTo(context.Output);
    }
}
