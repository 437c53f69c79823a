namespace LoadGen.Report;

/// <summary>
/// Backend TLS cost (loadtests/backend-tls.sh run by run.sh into <c>backend-tls/</c>): the router's
/// keep-alive throughput to a plain backend and to the same backend over TLS, round by round.
/// </summary>
internal static class BackendTlsSection
{
    private const string Directory = "backend-tls";
    private const double RatioTarget = 0.75;

    public static void Write(ReportContext context)
    {
        KeyValueFile settings = KeyValueFile.Load(context.PathOf(Directory, "backend-tls.txt"));
        int rounds = (int)(double.IsFinite(settings.Number("rounds")) ? settings.Number("rounds") : 0);
        if (rounds == 0)
        {
            return;
        }

        context.Output.Append("## Backend TLS cost\n\n")
            .Append($"One router, wrk -t1 -c{settings.Text("connections")} for {settings.Text("seconds_per_run")} s per run, ")
            .Append($"keep-alive on both hops. Plain: `{settings.Text("plain_host")}` to nginx over HTTP. TLS: `{settings.Text("tls_host")}`, ")
            .Append("registered over NATS with `tls_port` and `server_cert_domain_san`, to the same nginx over TLS 1.3 with an ")
            .Append("ECDSA P-256 instance identity certificate trusted through `ca_certs`. The two routes alternate in order ")
            .Append("from round to round.\n\n");
        MarkdownTable table = new("round", "plain req/s", "backend TLS req/s", "TLS / plain", "errors");
        double plainSum = 0;
        double tlsSum = 0;
        double errorSum = 0;
        for (int round = 1; round <= rounds; round++)
        {
            WrkOutput? plain = WrkOutput.Load(context.PathOf(Directory, $"round-{round}-{settings.Text("plain_host")}.wrk"));
            WrkOutput? tls = WrkOutput.Load(context.PathOf(Directory, $"round-{round}-{settings.Text("tls_host")}.wrk"));
            double plainRate = plain?.RequestsPerSecond ?? double.NaN;
            double tlsRate = tls?.RequestsPerSecond ?? double.NaN;
            double errors = TlsSection.WrkErrors(plain) + TlsSection.WrkErrors(tls);
            plainSum += plainRate;
            tlsSum += tlsRate;
            errorSum += errors;
            table.Add(round.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Integer(plainRate), Format.Integer(tlsRate), Format.Ratio(tlsRate, plainRate), Format.Integer(errors));
        }

        table.WriteTo(context.Output);
        double ratio = tlsSum / plainSum;
        MarkdownTable targets = new("target", "measured", "met");
        targets.Add($"backend TLS throughput ≥ {RatioTarget:0.00}× plain (TLS costs at most 25 %)", Format.Fixed(ratio, 2) + "×", TlsSection.Met(ratio >= RatioTarget, ratio));
        targets.Add("0 errors", Format.Integer(errorSum), TlsSection.Met(errorSum == 0, errorSum));
        targets.WriteTo(context.Output);
    }
}
