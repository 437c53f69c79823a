using System.Diagnostics;
using LoadGen.CommandLine;
using LoadGen.Http;
using LoadGen.Nats;

namespace LoadGen.Commands;

/// <summary>
/// <c>routable</c>: waits until a URL answers 200 for a Host header. With <c>--nats</c> it first
/// publishes the registration itself, so the time printed runs from publish to routable.
/// Without a host it doubles as a readiness probe (e.g. a health endpoint).
/// </summary>
internal static class RoutableCommand
{
    public const string Usage = """
        usage: LoadGen routable --router http://127.0.0.1:PORT [--host H] [--path /] [--timeout 60]
                                [--poll-ms 2] [--nats 127.0.0.1:4222 --backend-port P
                                [--backend-host 127.0.0.1]] [--watch-pid PID] [--out result.json]
          Exits 0 once a 200 arrives, 1 on timeout or when process PID has exited; prints the
          elapsed time as JSON.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, ["router", "host", "path", "timeout", "poll-ms", "nats", "backend-port", "backend-host", "watch-pid", "out"]);
        Uri router = reader.HttpUrl("router");
        string? host = reader.Optional("host");
        string path = reader.Optional("path") ?? "/";
        TimeSpan timeout = reader.Seconds("timeout", 60, 0.01, 3600);
        TimeSpan poll = TimeSpan.FromMilliseconds(reader.Double("poll-ms", 2, 0, 10_000));
        bool publish = reader.Optional("nats") is not null;
        if (publish && (host is null || reader.Optional("backend-port") is null))
        {
            reader.AddError("--nats needs --host and --backend-port");
        }

        int backendPort = reader.Int("backend-port", 0, 1, 65535);
        int watchedPid = reader.Int("watch-pid", 0, 1, int.MaxValue);
        if (!path.StartsWith('/'))
        {
            reader.AddError("--path must start with '/'");
        }

        var nats = publish ? reader.Endpoint("nats", "127.0.0.1:4222") : null;
        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        Uri url = new(router, path);
        using RoutableProbe probe = new();
        long started;
        if (nats is not null && host is not null)
        {
            using NatsPublisher publisher = NatsPublisher.Connect(nats, TimeSpan.FromSeconds(5));
            using RegistrationWriter writer = new();
            started = Stopwatch.GetTimestamp();
            publisher.Publish("router.register", writer.Write(reader.Optional("backend-host") ?? "127.0.0.1", backendPort, host, $"loadgen-{host}", 0, 0));
            publisher.Send();
        }
        else
        {
            started = Stopwatch.GetTimestamp();
        }

        ProbeResult result = await probe.WaitAsync(url, host, timeout, poll, started, watchedPid);
        JsonOutput.Emit(reader.Optional("out"), json =>
        {
            json.WriteStartObject();
            json.WriteString("url", url.ToString());
            json.WriteString("host", host ?? url.Authority);
            json.WriteBoolean("published", publish);
            json.WriteBoolean("routable", result.Ready);
            json.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 4));
            json.WriteNumber("attempts", result.Attempts);
            json.WriteNumber("last_status", result.LastStatus);
            json.WriteEndObject();
        });
        return result.Ready ? 0 : 1;
    }
}
