namespace LoadGen.Report;

/// <summary>
/// TLS termination (loadtests/tls.sh run by run.sh into <c>tls-termination/</c>): keep-alive throughput,
/// full handshakes per second and latency at a fixed rate for the router, nginx and haproxy under each
/// TLS profile, with the router's ratios against the targets.
/// </summary>
internal static class TlsSection
{
    private const string Directory = "tls-termination";
    private const string Reference = "nginx";
    private const string Router = "router";
    private const double KeepAliveTarget = 0.8;
    private const double HandshakeTarget = 0.9;
    private const double P99TargetUs = 1500;
    private const string Send = "latency_from_send_us.";
    private static readonly string[] Names = [Reference, "haproxy", Router];

    public static void Write(ReportContext context)
    {
        KeyValueFile settings = KeyValueFile.Load(context.PathOf(Directory, "tls.txt"));
        string[] profiles = settings.Text("profiles", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (profiles.Length == 0)
        {
            return;
        }

        context.Output.Append("## TLS termination\n\n")
            .Append("The router, nginx and haproxy terminate TLS with one RSA 2048 certificate in front of the same backend, ")
            .Append("under each profile: `tls13` (TLS 1.3) and `tls12` (TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256). ")
            .Append($"Keep-alive: wrk -t1 over https on {settings.Text("connections")} connections; handshakes: wrk with ")
            .Append($"`Connection: close` on {settings.Text("handshake_connections")} connections (a full handshake per request, ")
            .Append($"no resumption); {settings.Text("tls_seconds")} s each after {settings.Text("warmup_seconds")} s of warm-up. ")
            .Append($"Latency: LoadGen at {settings.Text("rate")} req/s for {settings.Text("rate_seconds")} s, open loop, speaking plain ")
            .Append("HTTP over keep-alive to a haproxy relay on the load core that forwards each request over TLS on reused ")
            .Append("connections to the contender. **Every latency includes that extra hop**, the same for each contender; the ")
            .Append("`plain` row is the same relay to the router's plain HTTP port, the cost of the hop without TLS. ")
            .Append("Latency from send to response.\n\n");
        MarkdownTable table = new(
            "profile", "contender", "keep-alive req/s", "× nginx", "handshakes/s", "× nginx", "p50", "p90", "p99", "p99.9", "errors");
        MarkdownTable targets = new("profile", "target", "router", "met");
        foreach (string profile in profiles)
        {
            WrkOutput? Wrk(string kind, string name) => WrkOutput.Load(context.PathOf(Directory, "wrk", $"{kind}-{profile}-{name}.txt"));
            double keepReference = Wrk("keepalive", Reference)?.RequestsPerSecond ?? double.NaN;
            double shakeReference = Wrk("handshake", Reference)?.RequestsPerSecond ?? double.NaN;
            foreach (string name in Names)
            {
                WrkOutput? keep = Wrk("keepalive", name);
                WrkOutput? shake = Wrk("handshake", name);
                JsonResult? rate = JsonResult.Load(context.PathOf(Directory, "rate", $"{profile}-{name}.json"));
                double errors = WrkErrors(keep) + WrkErrors(shake) + RateErrors(rate);
                AddRow(table, profile, name, keep, keepReference, shake, shakeReference, rate, errors);
                if (name == Router)
                {
                    double keepRatio = (keep?.RequestsPerSecond ?? double.NaN) / keepReference;
                    double shakeRatio = (shake?.RequestsPerSecond ?? double.NaN) / shakeReference;
                    double p99 = rate?.Number(Send + "p99") ?? double.NaN;
                    targets.Add(profile, $"keep-alive ≥ {KeepAliveTarget:0.0}× nginx", Format.Fixed(keepRatio, 2) + "×", Met(keepRatio >= KeepAliveTarget, keepRatio));
                    targets.Add(profile, $"handshakes/s ≥ {HandshakeTarget:0.0}× nginx", Format.Fixed(shakeRatio, 2) + "×", Met(shakeRatio >= HandshakeTarget, shakeRatio));
                    targets.Add(profile, $"p99 ≤ {Format.Ms(P99TargetUs)} at {settings.Text("rate")} req/s (via the relay)", Format.Ms(p99), Met(p99 <= P99TargetUs, p99));
                    targets.Add(profile, "0 errors", Format.Integer(errors), Met(errors == 0, errors));
                }
            }
        }

        JsonResult? plain = JsonResult.Load(context.PathOf(Directory, "rate", "plain-router.json"));
        if (plain is not null)
        {
            AddRow(table, "plain", "router (reference)", null, double.NaN, null, double.NaN, plain, RateErrors(plain));
        }

        table.WriteTo(context.Output);
        context.Output.Append("Targets for the router:\n\n");
        targets.WriteTo(context.Output);
    }

    public static string Met(bool met, double measured) => !double.IsFinite(measured) ? Format.Missing : met ? "yes" : "**no**";

    public static double WrkErrors(WrkOutput? wrk) => wrk is null ? double.NaN : wrk.SocketErrors + wrk.Non2xx;

    private static double RateErrors(JsonResult? rate) => rate is null ? double.NaN : rate.Number("errors") + rate.Number("non_2xx");

    private static void AddRow(
        MarkdownTable table, string profile, string name, WrkOutput? keep, double keepReference, WrkOutput? shake, double shakeReference, JsonResult? rate, double errors) =>
        table.Add(
            profile,
            name,
            Format.Integer(keep?.RequestsPerSecond ?? double.NaN),
            Format.Ratio(keep?.RequestsPerSecond ?? double.NaN, keepReference),
            Format.Integer(shake?.RequestsPerSecond ?? double.NaN),
            Format.Ratio(shake?.RequestsPerSecond ?? double.NaN, shakeReference),
            Format.Ms(rate?.Number(Send + "p50") ?? double.NaN),
            Format.Ms(rate?.Number(Send + "p90") ?? double.NaN),
            Format.Ms(rate?.Number(Send + "p99") ?? double.NaN),
            Format.Ms(rate?.Number(Send + "p99_9") ?? double.NaN),
            Format.Integer(errors));
}
