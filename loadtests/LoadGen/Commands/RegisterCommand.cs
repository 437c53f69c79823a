using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LoadGen.CommandLine;
using LoadGen.Http;
using LoadGen.Nats;

namespace LoadGen.Commands;

/// <summary>
/// <c>register</c>: publishes Gorouter registration messages for N routes over NATS, optionally
/// paced, repeated as a heartbeat, churned (a share of the route names replaced on every pass so
/// the old ones go stale and are pruned), and timed until the last route is routable.
/// </summary>
internal static class RegisterCommand
{
    public const string Usage = """
        usage: LoadGen register --backend-port P [--nats 127.0.0.1:4222] [--routes 1]
                                [--endpoints-per-route 1] [--endpoint-spread ports|addresses]
                                [--host-template 'r{i}.loadtest'] [--backend-host 127.0.0.1]
                                [--rate 0] [--heartbeat-seconds 0] [--duration S]
                                [--churn-fraction 0] [--stale-threshold 0]
                                [--subject router.register] [--wait-routable http://127.0.0.1:PORT]
                                [--wait-timeout 120] [--out result.json]
          Publishes one message per endpoint of every route. Endpoint k (from 0) of a route is
          backend-host:P+k with --endpoint-spread ports (the default), or the IPv4 backend-host
          plus k in its last byte, port P, with addresses (127.0.0.1, 127.0.0.2, ... all reach a
          backend listening on those loopback addresses). {i} in --host-template is the route
          number. --rate limits messages per second (0 = as fast as possible).
          --heartbeat-seconds S re-sends every route each S seconds until --duration (required
          with it) runs out. --churn-fraction F gives a fraction F of the route names a new
          number on every pass; the old names are no longer refreshed.
          --wait-routable opens and warms a keep-alive connection to the router before the first
          publish, then polls it after the first pass until the last route answers 200.
        """;

    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    // The "all routable" figure is seconds long; polling every 2 ms keeps it exact to a few ms
    // without adding much traffic to a router busy with the registrations.
    private static readonly TimeSpan ProbeGap = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan ProbeRequestTimeout = TimeSpan.FromSeconds(5);
    private const int ProbeWarmRequests = 3;

    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, [
            "nats", "routes", "endpoints-per-route", "endpoint-spread", "host-template", "backend-host", "backend-port", "rate",
            "heartbeat-seconds", "duration", "churn-fraction", "stale-threshold", "subject", "wait-routable",
            "wait-timeout", "out"]);
        IPEndPoint nats = reader.Endpoint("nats", "127.0.0.1:4222");
        int routes = reader.Int("routes", 1, 1, 10_000_000);
        int endpoints = reader.Int("endpoints-per-route", 1, 1, 1000);
        string template = reader.Optional("host-template") ?? "r{i}.loadtest";
        string backendHost = reader.Optional("backend-host") ?? "127.0.0.1";
        int backendPort = reader.Int("backend-port", 0, 1, 65535);
        double rate = reader.Double("rate", 0, 0, 10_000_000);
        double heartbeat = reader.Double("heartbeat-seconds", 0, 0, 86_400);
        double duration = reader.Double("duration", 0, 0, 7 * 86_400);
        double churn = reader.Double("churn-fraction", 0, 0, 1);
        int staleThreshold = reader.Int("stale-threshold", 0, 0, 86_400);
        string subject = reader.Optional("subject") ?? "router.register";
        Uri? waitUrl = reader.Optional("wait-routable") is null ? null : reader.HttpUrl("wait-routable");
        TimeSpan waitTimeout = reader.Seconds("wait-timeout", 120, 0.1, 3600);
        _ = reader.Required("backend-port");
        string spread = reader.Optional("endpoint-spread") ?? "ports";
        (string Host, int Port)[] targets = EndpointTargets(reader, spread, backendHost, backendPort, endpoints);
        if (heartbeat > 0 && duration <= 0)
        {
            reader.AddError("--heartbeat-seconds needs --duration so the run ends by itself");
        }

        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        RouteSet routeSet = new(template, routes, churn);
        using NatsPublisher publisher = NatsPublisher.Connect(nats, TimeSpan.FromSeconds(5));
        using RegistrationWriter writer = new();

        // The probe's connection is opened and its code compiled before the clock starts, so
        // "routable after" does not include the client's own start-up. The last route is not
        // registered yet, so these answers are 404s.
        using RoutableProbe? prober = waitUrl is null ? null : new RoutableProbe(waitUrl, ProbeRequestTimeout);
        byte[] probeRequest = prober?.RequestFor(routeSet.Name(routes - 1)) ?? [];
        int warmStatus = prober?.Warm(probeRequest, ProbeWarmRequests, waitTimeout) ?? 0;
        if (prober is not null && warmStatus is 0 or (int)HttpStatusCode.OK)
        {
            Console.Error.WriteLine(warmStatus == 0
                ? $"warning: {waitUrl} did not answer before the first publish; routable_after_s includes connecting"
                : $"warning: {routeSet.Name(routes - 1)} already answers 200 before it was published; routable_after_s is meaningless");
        }

        long started = Stopwatch.GetTimestamp();
        long deadline = duration > 0 ? started + (long)(duration * Stopwatch.Frequency) : long.MaxValue;
        double firstPassSeconds = 0;
        ProbeResult? probe = null;
        int passes = 0;
        while (true)
        {
            long passStarted = Stopwatch.GetTimestamp();
            if (passes > 0)
            {
                routeSet.Churn();
            }

            long sentInPass = 0;
            for (int route = 0; route < routes && Stopwatch.GetTimestamp() < deadline; route++)
            {
                string uri = routeSet.Name(route);
                string app = "loadgen-" + uri;
                for (int endpoint = 0; endpoint < endpoints; endpoint++)
                {
                    Pace(publisher, rate, passStarted, sentInPass++);
                    publisher.Publish(subject, writer.Write(targets[endpoint].Host, targets[endpoint].Port, uri, app, endpoint, staleThreshold));
                }
            }

            passes++;
            if (passes == 1)
            {
                publisher.Flush(FlushTimeout);
                firstPassSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (prober is not null)
                {
                    probe = prober.WaitFor(probeRequest, started, waitTimeout, ProbeGap);
                }
            }
            else
            {
                publisher.Send();
            }

            if (heartbeat <= 0 || Stopwatch.GetTimestamp() >= deadline)
            {
                break;
            }

            long nextPass = started + (long)(passes * heartbeat * Stopwatch.Frequency);
            SleepUntil(Math.Min(nextPass, deadline));
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                break;
            }
        }

        publisher.Flush(FlushTimeout);
        double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        JsonOutput.Emit(reader.Optional("out"), json =>
        {
            json.WriteStartObject();
            json.WriteString("subject", subject);
            json.WriteNumber("routes", routes);
            json.WriteNumber("endpoints_per_route", endpoints);
            json.WriteNumber("messages", publisher.Published);
            json.WriteNumber("passes", passes);
            json.WriteNumber("elapsed_s", Math.Round(elapsed, 3));
            json.WriteNumber("message_rate", Math.Round(publisher.Published / Math.Max(elapsed, 1e-9), 1));
            json.WriteNumber("first_pass_s", Math.Round(firstPassSeconds, 4));
            json.WriteNumber("first_pass_rate", Math.Round(Math.Min(publisher.Published, (long)routes * endpoints) / Math.Max(firstPassSeconds, 1e-9), 1));
            json.WriteNumber("routes_created", routeSet.Created);
            json.WriteNumber("routes_abandoned", routeSet.Abandoned);
            json.WriteString("endpoint_spread", spread);
            if (probe is not null)
            {
                WriteProbe(json, probe, (long)routes * endpoints);
                json.WriteNumber("probe_warmup_status", warmStatus);
                json.WriteNumber("probe_connections", prober!.Connections);
            }

            json.WriteEndObject();
        });
        return probe is { Ready: false } ? 1 : 0;
    }

    private static void WriteProbe(Utf8JsonWriter json, ProbeResult probe, long messages)
    {
        json.WriteBoolean("routable", probe.Ready);
        json.WriteNumber("routable_after_s", Math.Round(probe.Elapsed.TotalSeconds, 4));
        json.WriteNumber("registration_rate", Math.Round(messages / Math.Max(probe.Elapsed.TotalSeconds, 1e-9), 1));
        json.WriteNumber("registration_messages", messages);
        json.WriteNumber("probe_attempts", probe.Attempts);
        json.WriteNumber("probe_last_status", probe.LastStatus);
    }

    /// <summary>Host and port of endpoint k (from 0) of every route; adds an error when they run out.</summary>
    private static (string Host, int Port)[] EndpointTargets(ArgumentReader reader, string spread, string backendHost, int backendPort, int endpoints)
    {
        var targets = new (string Host, int Port)[endpoints];
        if (spread == "ports")
        {
            if (backendPort + endpoints - 1 > 65535)
            {
                reader.AddError("--backend-port plus --endpoints-per-route runs past port 65535");
            }

            for (int k = 0; k < endpoints; k++)
            {
                targets[k] = (backendHost, backendPort + k);
            }
        }
        else if (spread == "addresses")
        {
            byte[] address = IPAddress.TryParse(backendHost, out IPAddress? parsed) && parsed.AddressFamily == AddressFamily.InterNetwork
                ? parsed.GetAddressBytes()
                : [];
            if (address.Length != 4 || address[3] + endpoints - 1 > 254)
            {
                reader.AddError("--endpoint-spread addresses needs an IPv4 --backend-host whose last byte plus --endpoints-per-route stays below 255");
                return targets;
            }

            for (int k = 0; k < endpoints; k++)
            {
                targets[k] = (new IPAddress([address[0], address[1], address[2], (byte)(address[3] + k)]).ToString(), backendPort);
            }
        }
        else
        {
            reader.AddError($"--endpoint-spread must be ports or addresses, not '{spread}'");
        }

        return targets;
    }

    private static void Pace(NatsPublisher publisher, double rate, long passStarted, long sent)
    {
        if (rate <= 0)
        {
            return;
        }

        long due = passStarted + (long)(sent / rate * Stopwatch.Frequency);
        if (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 1000)
        {
            // Ahead of schedule by a millisecond or more: let what is buffered go, then wait.
            publisher.Send();
            SleepUntil(due);
        }
    }

    private static void SleepUntil(long timestamp)
    {
        while (true)
        {
            long left = timestamp - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            Thread.Sleep(TimeSpan.FromTicks(Math.Max(left * TimeSpan.TicksPerSecond / Stopwatch.Frequency, TimeSpan.TicksPerMillisecond)));
        }
    }
}
