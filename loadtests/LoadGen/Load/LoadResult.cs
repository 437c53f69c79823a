using System.Text.Json;
using LoadGen.Stats;

namespace LoadGen.Load;

/// <summary>Counters and latency distributions of one open-loop run.</summary>
internal sealed class LoadResult
{
    private readonly long[] statusCounts = new long[600];

    /// <summary>Latency from the request's first byte written to its response's last byte read.</summary>
    public LatencyHistogram FromSend { get; } = new();

    /// <summary>
    /// Latency from the instant the schedule said the request was due to its response's last byte:
    /// includes time spent waiting for a free connection, so a stalled server cannot hide its
    /// stall by slowing the generator down (no coordinated omission).
    /// </summary>
    public LatencyHistogram FromSchedule { get; } = new();

    /// <summary>
    /// How late each request left relative to its scheduled instant: timer wake-up delay plus
    /// waiting for a free connection. The generator's own share of the schedule-based latency.
    /// </summary>
    public LatencyHistogram SendLag { get; } = new();

    public long Scheduled { get; set; }

    public long Completed { get; private set; }

    public long Non2xx { get; private set; }

    /// <summary>Requests lost to a connection reset, close or unparseable response.</summary>
    public long Failed { get; set; }

    /// <summary>Requests without a complete response within the timeout.</summary>
    public long TimedOut { get; set; }

    /// <summary>Requests still queued for a connection when the run ended.</summary>
    public long Unsent { get; set; }

    public long Connects { get; set; }

    public long ConnectErrors { get; set; }

    /// <summary>Longest queue of due requests waiting for a free connection.</summary>
    public int MaxQueued { get; set; }

    public long StartedAt { get; set; }

    public long LastCompletionAt { get; set; }

    public long Errors => Failed + TimedOut + Unsent;

    public void RecordResponse(int statusCode, long sentAt, long scheduledAt, long now)
    {
        Completed++;
        statusCounts[Math.Clamp(statusCode, 0, statusCounts.Length - 1)]++;
        if (statusCode is < 200 or > 299)
        {
            Non2xx++;
        }

        FromSend.RecordNanoseconds(now - sentAt);
        FromSchedule.RecordNanoseconds(now - scheduledAt);
        LastCompletionAt = now;
    }

    public void WriteJson(Utf8JsonWriter json, LoadOptions options, string target)
    {
        double elapsed = Math.Max(LastCompletionAt - StartedAt, 1) / 1e9;
        json.WriteStartObject();
        json.WriteString("target", target);
        json.WriteNumber("connections", options.Connections);
        json.WriteNumber("target_rate", options.RatePerSecond);
        json.WriteNumber("duration_s", options.Duration.TotalSeconds);
        json.WriteNumber("scheduled", Scheduled);
        json.WriteNumber("completed", Completed);
        json.WriteNumber("errors", Errors);
        json.WriteNumber("failed", Failed);
        json.WriteNumber("timeouts", TimedOut);
        json.WriteNumber("unsent", Unsent);
        json.WriteNumber("non_2xx", Non2xx);
        json.WriteNumber("achieved_rate", Math.Round(Completed / elapsed, 1));
        json.WriteNumber("elapsed_s", Math.Round(elapsed, 3));
        json.WriteNumber("connects", Connects);
        json.WriteNumber("connect_errors", ConnectErrors);
        json.WriteNumber("max_queued", MaxQueued);
        json.WriteStartObject("status_counts");
        for (int status = 0; status < statusCounts.Length; status++)
        {
            if (statusCounts[status] != 0)
            {
                json.WriteNumber(status.ToString(System.Globalization.CultureInfo.InvariantCulture), statusCounts[status]);
            }
        }

        json.WriteEndObject();
        WriteLatency(json, "latency_from_send_us", FromSend);
        WriteLatency(json, "latency_from_schedule_us", FromSchedule);
        WriteLatency(json, "send_lag_us", SendLag);
        json.WriteEndObject();
    }

    private static void WriteLatency(Utf8JsonWriter json, string name, LatencyHistogram histogram)
    {
        json.WriteStartObject(name);
        json.WriteNumber("min", histogram.MinMicroseconds);
        json.WriteNumber("mean", Math.Round(histogram.MeanMicroseconds, 1));
        json.WriteNumber("p50", histogram.ValueAtPercentile(50));
        json.WriteNumber("p90", histogram.ValueAtPercentile(90));
        json.WriteNumber("p99", histogram.ValueAtPercentile(99));
        json.WriteNumber("p99_9", histogram.ValueAtPercentile(99.9));
        json.WriteNumber("max", histogram.MaxMicroseconds);
        json.WriteEndObject();
    }
}
