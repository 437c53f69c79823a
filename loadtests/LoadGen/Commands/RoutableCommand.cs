using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using LoadGen.CommandLine;
using LoadGen.Http;
using LoadGen.Stats;

namespace LoadGen.Commands;

/// <summary>
/// <c>routable</c>: waits until a URL answers 200 for a Host header. With <c>--nats</c> it
/// publishes new registrations itself, on a warmed-up client, and times each from publish to
/// routable. Without it, it doubles as a readiness probe (e.g. a health endpoint).
/// </summary>
internal static class RoutableCommand
{
    public const string Usage = """
        usage: LoadGen routable --router http://127.0.0.1:PORT [--host H] [--path /] [--timeout 60]
                                [--poll-ms 2] [--watch-pid PID] [--out result.json]
               LoadGen routable --router http://127.0.0.1:PORT --nats 127.0.0.1:4222 --backend-port P
                                (--host H | --host-template 'new{i}.loadtest' [--samples 1])
                                [--backend-host 127.0.0.1] [--warm-host H] [--path /] [--timeout 60]
                                [--poll-ms 0.2] [--sample-gap-ms 10] [--give-up-after 3] [--out result.json]
          Without --nats: polls until a 200 arrives; exits 0 then, 1 on timeout or when process
          PID has exited; prints the elapsed time as JSON.
          With --nats: first warms up (NATS connected, a few requests for the first new host or
          --warm-host on the probe's keep-alive connection), then for each sample publishes one
          new route ({i} = 1..N) and polls the router on that connection, --poll-ms after each
          answer, until it answers 200. --timeout applies to each sample; after --give-up-after
          samples in a row time out (0 = never) the rest are skipped. Prints every sample and
          p50/p90/p99/max in µs; exits 0 when every requested sample became routable.
        """;

    private static readonly string[] PublishOnlyOptions = ["host-template", "samples", "warm-host", "sample-gap-ms", "give-up-after"];

    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, [
            "router", "host", "host-template", "samples", "warm-host", "path", "timeout", "poll-ms", "sample-gap-ms",
            "give-up-after", "nats", "backend-port", "backend-host", "watch-pid", "out"]);
        Uri router = reader.HttpUrl("router");
        string? host = reader.Optional("host");
        string? template = reader.Optional("host-template");
        string path = reader.Optional("path") ?? "/";
        TimeSpan timeout = reader.Seconds("timeout", 60, 0.01, 3600);
        bool publish = reader.Optional("nats") is not null;
        TimeSpan poll = TimeSpan.FromMilliseconds(reader.Double("poll-ms", publish ? 0.2 : 2, 0.05, 10_000));
        TimeSpan sampleGap = TimeSpan.FromMilliseconds(reader.Double("sample-gap-ms", 10, 0, 60_000));
        int samples = reader.Int("samples", 1, 1, 100_000);
        int giveUpAfter = reader.Int("give-up-after", 3, 0, 100_000);
        int backendPort = reader.Int("backend-port", 0, 1, 65535);
        int watchedPid = reader.Int("watch-pid", 0, 1, int.MaxValue);
        Validate(reader, publish, host, template, samples, path);
        var nats = publish ? reader.Endpoint("nats", "127.0.0.1:4222") : null;
        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        Uri url = new(router, path);
        if (nats is null)
        {
            using RoutableProbe probe = new(url, TimeSpan.FromSeconds(5));
            ProbeResult result = probe.WaitFor(probe.RequestFor(host), Stopwatch.GetTimestamp(), timeout, poll, watchedPid);
            JsonOutput.Emit(reader.Optional("out"), json => WriteReadiness(json, url, host ?? url.Authority, result));
            return result.Ready ? 0 : 1;
        }

        string[] hosts = template is null
            ? [host!]
            : [.. Enumerable.Range(1, samples).Select(i => template.Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))];
        RoutableSampling settings = new(
            nats, reader.Optional("backend-host") ?? "127.0.0.1", backendPort, hosts, reader.Optional("warm-host"),
            timeout, poll, sampleGap, giveUpAfter);
        RoutableSamples measured = RoutableSampler.Run(url, settings);
        string? error = WarmUpError(measured, settings);
        if (error is not null)
        {
            Console.Error.WriteLine($"error: {error}");
        }

        JsonOutput.Emit(reader.Optional("out"), json => WriteSamples(json, url, settings, measured, error));
        bool complete = measured.Samples.Count == hosts.Length && measured.Samples.All(sample => sample.Ready);
        return error is null && complete ? 0 : 1;
    }

    private static void Validate(ArgumentReader reader, bool publish, string? host, string? template, int samples, string path)
    {
        if (!path.StartsWith('/'))
        {
            reader.AddError("--path must start with '/'");
        }

        if (publish)
        {
            if ((host is null) == (template is null))
            {
                reader.AddError("--nats needs exactly one of --host and --host-template");
            }

            if (reader.Optional("backend-port") is null)
            {
                reader.AddError("--nats needs --backend-port");
            }
        }
        else if (PublishOnlyOptions.FirstOrDefault(name => reader.Optional(name) is not null) is { } name)
        {
            reader.AddError($"--{name} needs --nats");
        }

        if (template is not null && !template.Contains("{i}", StringComparison.Ordinal))
        {
            reader.AddError("--host-template must contain {i}");
        }

        if (samples > 1 && template is null)
        {
            reader.AddError("--samples above 1 needs --host-template (every sample needs a new route)");
        }
    }

    private static string? WarmUpError(RoutableSamples measured, RoutableSampling settings)
    {
        if (measured.WarmStatus == 0)
        {
            return $"the router did not answer during the warm-up (host {measured.WarmHost})";
        }

        return settings.WarmHost is null && measured.WarmStatus == (int)HttpStatusCode.OK
            ? $"{measured.WarmHost} already answers 200 before its registration was published"
            : null;
    }

    private static void WriteReadiness(Utf8JsonWriter json, Uri url, string host, ProbeResult result)
    {
        json.WriteStartObject();
        json.WriteString("url", url.ToString());
        json.WriteString("host", host);
        json.WriteBoolean("published", false);
        json.WriteBoolean("routable", result.Ready);
        json.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 4));
        json.WriteNumber("attempts", result.Attempts);
        json.WriteNumber("last_status", result.LastStatus);
        json.WriteEndObject();
    }

    private static void WriteSamples(Utf8JsonWriter json, Uri url, RoutableSampling settings, RoutableSamples measured, string? error)
    {
        IReadOnlyList<ProbeResult> samples = measured.Samples;
        ProbeResult[] routable = [.. samples.Where(sample => sample.Ready)];
        SampleSummary summary = SampleSummary.Of(routable.Select(Microseconds));
        json.WriteStartObject();
        json.WriteString("url", url.ToString());
        json.WriteString("host", settings.Hosts[0]);
        json.WriteBoolean("published", true);
        if (error is not null)
        {
            json.WriteString("error", error);
        }

        // "routable" and "seconds" keep their single-route meaning: every requested sample
        // routable, and the first sample's time.
        json.WriteBoolean("routable", error is null && samples.Count == settings.Hosts.Count && samples.All(sample => sample.Ready));
        json.WriteNumber("seconds", samples.Count > 0 ? Math.Round(samples[0].Elapsed.TotalSeconds, 6) : 0);
        json.WriteNumber("attempts", samples.Sum(sample => sample.Attempts));
        json.WriteNumber("last_status", samples.Count > 0 ? samples[^1].LastStatus : measured.WarmStatus);
        json.WriteNumber("samples_requested", settings.Hosts.Count);
        json.WriteNumber("samples", samples.Count);
        json.WriteNumber("not_routable", samples.Count(sample => !sample.Ready));
        json.WriteNumber("timeout_s", settings.Timeout.TotalSeconds);
        json.WriteNumber("poll_gap_us", Math.Round(settings.PollGap.TotalMicroseconds));
        json.WriteNumber("sample_gap_ms", settings.SampleGap.TotalMilliseconds);
        json.WriteString("warmup_host", measured.WarmHost);
        json.WriteNumber("warmup_status", measured.WarmStatus);
        json.WriteNumber("connections", measured.Connections);
        WriteSummary(json, "publish_to_routable_us", summary, samples.Count(sample => !sample.Ready));

        // The request that got the 200 is the router's first to the new route; its own duration
        // tells route propagation apart from the first request's cost (e.g. a new backend connection).
        WriteSummary(json, "routable_request_us", SampleSummary.Of(routable.Select(sample => Math.Round(sample.LastRequest.TotalMicroseconds))), null);

        // One entry per sample in publish order; null where the route never answered 200.
        json.WriteStartArray("samples_us");
        foreach (ProbeResult sample in samples)
        {
            if (sample.Ready)
            {
                json.WriteNumberValue(Microseconds(sample));
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("polls");
        foreach (ProbeResult sample in samples)
        {
            json.WriteNumberValue(sample.Attempts);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, string name, SampleSummary summary, int? notRoutable)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", summary.Count);
        if (notRoutable is { } count)
        {
            json.WriteNumber("not_routable", count);
        }

        if (summary.Count > 0)
        {
            json.WriteNumber("min", summary.Min);
            json.WriteNumber("p50", summary.P50);
            json.WriteNumber("p90", summary.P90);
            json.WriteNumber("p99", summary.P99);
            json.WriteNumber("max", summary.Max);
            json.WriteNumber("mean", Math.Round(summary.Mean, 1));
        }

        json.WriteEndObject();
    }

    private static double Microseconds(ProbeResult sample) => Math.Round(sample.Elapsed.TotalMicroseconds);
}
