using System.Diagnostics;
using System.Globalization;
using System.Net;
using LoadGen.CommandLine;

namespace LoadGen.Commands;

/// <summary>
/// <c>restart-probe</c>: steady requests over many routes while the router behind a port is stopped and started
/// again (loadtests/restart.sh). The script creates a marker file once the old router has exited and before it starts
/// the new one, so every answer after the marker is the new router's (an answer to a request the old one still had
/// in flight cannot be taken for it). From the new router's first answer it counts 200s and 404s and times the 404
/// window: from that first answer to the last 404.
/// </summary>
internal static class RestartProbeCommand
{
    public const string Usage = """
        usage: LoadGen restart-probe --router http://127.0.0.1:PORT --routes N --marker FILE
                                     [--host-template 'r{i}.loadtest'] [--seconds 30] [--concurrency 8]
                                     [--out result.json]
          GETs r0 ... r(N-1) in turn from --concurrency loops for --seconds. Answers once FILE exists
          are the restarted router's: counts 200, 404 and other among them, the 404 window in ms (its
          first answer to its last 404) and the outage (first failed connection to that first answer).
          Prints JSON; exits 0 when the restarted router answered.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, ["router", "routes", "marker", "host-template", "seconds", "concurrency", "out"]);
        Uri router = reader.HttpUrl("router");
        string marker = reader.Required("marker");
        int routes = reader.Int("routes", 1, 1, 10_000_000);
        string template = reader.Optional("host-template") ?? "r{i}.loadtest";
        TimeSpan duration = reader.Seconds("seconds", 30, 1, 86_400);
        int concurrency = reader.Int("concurrency", 8, 1, 1024);
        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        string[] hosts = [.. Enumerable.Range(0, routes).Select(i => template.Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))];
        RestartTally tally = new(marker);
        using CancellationTokenSource stop = new(duration);
        Task[] loops = [.. Enumerable.Range(0, concurrency).Select(loop => Task.Run(() => LoopAsync(router, hosts, loop, concurrency, tally, stop.Token)))];
        Task.WaitAll(loops);
        JsonOutput.Emit(reader.Optional("out"), json =>
        {
            json.WriteStartObject();
            json.WriteNumber("routes", routes);
            json.WriteNumber("seconds", duration.TotalSeconds);
            json.WriteNumber("answers_before_restart", tally.Before);
            json.WriteNumber("failed_connections", tally.Failed);
            json.WriteNumber("outage_ms", Math.Round(tally.OutageMs, 1));
            json.WriteBoolean("restart_seen", tally.RestartSeen);
            json.WriteNumber("ok_after", tally.OkAfter);
            json.WriteNumber("not_found_after", tally.NotFoundAfter);
            json.WriteNumber("other_after", tally.OtherAfter);
            json.WriteNumber("not_found_window_ms", Math.Round(tally.NotFoundWindowMs, 1));
            json.WriteEndObject();
        });
        return tally.RestartSeen ? 0 : 1;
    }

    private static async Task LoopAsync(Uri router, string[] hosts, int loop, int loops, RestartTally tally, CancellationToken stop)
    {
        using HttpClient client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        for (long i = loop; !stop.IsCancellationRequested; i += loops)
        {
            using HttpRequestMessage request = new(HttpMethod.Get, router);
            request.Headers.Host = hosts[i % hosts.Length];
            try
            {
                using HttpResponseMessage response = await client.SendAsync(request, stop);
                tally.Answer(response.StatusCode);
            }
            catch (HttpRequestException)
            {
                tally.Fail();

                // Nothing listens: try again soon, without spinning.
                await Task.Delay(TimeSpan.FromMilliseconds(2), CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The counts, under one lock: a few thousand answers a second need nothing finer.</summary>
    private sealed class RestartTally(string marker)
    {
        private readonly Lock gate = new();
        private readonly long started = Stopwatch.GetTimestamp();
        private double? firstFailure;
        private double? reopened;
        private double? last404;
        private bool restarted;

        public long Before { get; private set; }

        public long Failed { get; private set; }

        public long OkAfter { get; private set; }

        public long NotFoundAfter { get; private set; }

        public long OtherAfter { get; private set; }

        public bool RestartSeen => reopened is not null;

        public double OutageMs => reopened is { } open && firstFailure is { } down ? open - down : 0;

        public double NotFoundWindowMs => reopened is { } open && last404 is { } last ? last - open : 0;

        private double NowMs => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        public void Fail()
        {
            lock (gate)
            {
                Failed++;
                firstFailure ??= NowMs;
            }
        }

        public void Answer(HttpStatusCode status)
        {
            lock (gate)
            {
                // Checked until it exists: a file-system probe per answer is nothing next to an HTTP request.
                restarted = restarted || File.Exists(marker);
                if (!restarted)
                {
                    Before++;
                    return;
                }

                reopened ??= NowMs;
                if (status == HttpStatusCode.OK)
                {
                    OkAfter++;
                }
                else if (status == HttpStatusCode.NotFound)
                {
                    NotFoundAfter++;
                    last404 = NowMs;
                }
                else
                {
                    OtherAfter++;
                }
            }
        }
    }
}
