using System.Globalization;

namespace LoadGen.Report;

/// <summary>
/// WebSocket echo throughput (loadtests/websocket.sh run by run.sh into <c>websocket/</c>): closed-loop echoes per
/// second straight to the backend and through the router, round by round, from ws-load's key=value results.
/// </summary>
internal static class WebSocketSection
{
    private const string Directory = "websocket";
    private const double RatioTarget = 0.8;

    public static void Write(ReportContext context)
    {
        KeyValueFile settings = KeyValueFile.Load(context.PathOf(Directory, "websocket.txt"));
        int rounds = (int)(double.IsFinite(settings.Number("rounds")) ? settings.Number("rounds") : 0);
        if (rounds == 0)
        {
            return;
        }

        context.Output.Append("## WebSocket echo throughput\n\n")
            .Append($"One router, {settings.Text("connections")} WebSockets driven by LoadGen ws-load, closed loop: each sends a ")
            .Append($"{settings.Text("message_bytes")}-byte binary message, waits for the echo and compares it; ")
            .Append($"{settings.Text("seconds_per_run")} s per run. Direct: to the echo backend (LoadGen ws-echo). Router: ")
            .Append("through the router, the route registered over NATS. The two alternate in order from round to round.\n\n");
        MarkdownTable table = new("round", "direct messages/s", "router messages/s", "router / direct", "errors");
        double directSum = 0;
        double routerSum = 0;
        double errorSum = 0;
        for (int round = 1; round <= rounds; round++)
        {
            KeyValueFile direct = KeyValueFile.Load(context.PathOf(Directory, $"round-{round}-direct.txt"));
            KeyValueFile routed = KeyValueFile.Load(context.PathOf(Directory, $"round-{round}-router.txt"));
            double directRate = direct.Number("messages_per_second");
            double routerRate = routed.Number("messages_per_second");

            // A run without a result file counts as one error: it broke before it could report.
            double errors = ErrorsOf(direct) + ErrorsOf(routed);
            directSum += directRate;
            routerSum += routerRate;
            errorSum += errors;
            table.Add(round.ToString(CultureInfo.InvariantCulture), Format.Integer(directRate), Format.Integer(routerRate), Format.Ratio(routerRate, directRate), Format.Integer(errors));
        }

        table.WriteTo(context.Output);
        double ratio = routerSum / directSum;
        MarkdownTable targets = new("target", "measured", "met");
        targets.Add($"echoes through the router ≥ {RatioTarget:0.00}× direct", Format.Fixed(ratio, 2) + "×", TlsSection.Met(ratio >= RatioTarget, ratio));
        targets.Add("0 errors", Format.Integer(errorSum), TlsSection.Met(errorSum == 0, errorSum));
        targets.WriteTo(context.Output);
    }

    private static double ErrorsOf(KeyValueFile result) => double.IsFinite(result.Number("errors")) ? result.Number("errors") : 1;
}
