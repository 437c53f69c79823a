using System.Diagnostics;
using System.Text.Json;
using RouteRegistry;

namespace Router.Dashboard;

/// <summary>What one summary reports besides the busiest routes.</summary>
/// <param name="Table">The table, for its counts and last update.</param>
/// <param name="Time">The table's clock.</param>
/// <param name="MessageBusConnected">NATS connection state; null when the router runs without NATS.</param>
/// <param name="Seconds">Seconds covered by the sample; 0 for the baseline, which has no rates.</param>
/// <param name="Requests">Requests answered through any route during the sample.</param>
/// <param name="Registrations">Register messages processed during the sample.</param>
internal readonly record struct SummaryFacts(
    RouteTable Table, TimeProvider Time, bool? MessageBusConnected, double Seconds, long Requests, long Registrations);

/// <summary>The JSON of one <c>summary</c> event (docs/dashboard.md "API").</summary>
internal static class SummaryWriter
{
    public static void Write(Utf8JsonWriter json, in SummaryFacts facts, PriorityQueue<EndpointPool, RouteTraffic> top)
    {
        json.WriteStartObject();
        json.WriteNumber("version", facts.Table.RoutesVersion);
        json.WriteNumber("routes", facts.Table.RouteCount);
        json.WriteNumber("endpoints", facts.Table.EndpointCount);
        json.WriteString("nats", facts.MessageBusConnected switch { true => "connected", false => "disconnected", null => "not configured" });
        if (facts.Table.LastRegistryUpdate is { } last)
        {
            json.WriteNumber("ms_since_last_registry_update", (long)(facts.Time.GetUtcNow() - last).TotalMilliseconds);
        }
        else
        {
            json.WriteNull("ms_since_last_registry_update");
        }

        json.WriteBoolean("rates", facts.Seconds > 0);
        json.WriteNumber("registrations_per_second", Rate(facts.Registrations, facts.Seconds));
        json.WriteNumber("requests_per_second", Rate(facts.Requests, facts.Seconds));
        json.WriteStartArray("top");

        // The queue yields the least busy first; the page wants the busiest first.
        var busiest = new (EndpointPool Pool, RouteTraffic Traffic)[top.Count];
        for (var i = busiest.Length - 1; top.TryDequeue(out var pool, out var traffic); i--)
        {
            busiest[i] = (pool, traffic);
        }

        foreach (var (pool, traffic) in busiest)
        {
            json.WriteStartObject();
            json.WriteString("route", pool.Key);
            json.WriteNumber("requests_per_second", Rate(traffic.Requests, facts.Seconds));
            json.WriteNumber("server_errors_per_second", Rate(traffic.ServerErrors, facts.Seconds));
            var meanMs = Stopwatch.GetElapsedTime(0, traffic.LatencyTicks).TotalMilliseconds / traffic.Requests;
            json.WriteNumber("mean_latency_ms", Math.Round(meanMs, 2));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static double Rate(long count, double seconds) => seconds > 0 ? Math.Round(count / seconds, 1) : 0;
}
