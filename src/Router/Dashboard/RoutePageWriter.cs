using System.Text.Json;
using RouteRegistry;

namespace Router.Dashboard;

/// <summary>
/// The JSON of one page of routes (docs/dashboard.md "API"): each route with its traffic totals and its endpoints
/// with app, instance, address, TLS, in-flight requests, failures and the seconds since their last registration.
/// </summary>
internal static class RoutePageWriter
{
    public static void Write(Utf8JsonWriter json, RouteListing listing, RoutePageQuery query, int total, List<EndpointPool> routes, TimeProvider time)
    {
        json.WriteStartObject();
        json.WriteNumber("version", listing.Version);
        json.WriteString("q", query.Search);
        json.WriteNumber("page", query.Page);
        json.WriteNumber("size", query.Size);
        json.WriteNumber("total", total);
        json.WriteNumber("pages", Math.Max(1, (total + query.Size - 1) / query.Size));
        json.WriteStartArray("routes");
        var now = time.GetTimestamp();
        foreach (var pool in routes)
        {
            WriteRoute(json, pool, time, now);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRoute(Utf8JsonWriter json, EndpointPool pool, TimeProvider time, long now)
    {
        json.WriteStartObject();
        json.WriteString("route", pool.Key);
        json.WriteString("host", pool.Host);
        json.WriteString("path", pool.ContextPath);
        json.WriteString("route_service_url", pool.RouteServiceUrl);
        var traffic = pool.Traffic;
        json.WriteNumber("requests", traffic.Requests);
        json.WriteNumber("server_errors", traffic.ServerErrors);
        json.WriteStartArray("endpoints");
        Span<char> buffer = stackalloc char[Endpoint.FormatBufferLength];
        foreach (var endpoint in pool.Endpoints)
        {
            json.WriteStartObject();
            json.WriteString("app_id", endpoint.FormatApplicationId(buffer));
            json.WriteString("index", endpoint.PrivateInstanceIndex);
            json.WriteString("instance_id", endpoint.FormatInstanceId(buffer));
            json.WriteString("address", endpoint.FormatAddress(buffer));
            json.WriteBoolean("tls", endpoint.IsTls);
            if (endpoint.IsTls)
            {
                json.WriteNumber("tls_port", endpoint.Port);
                json.WriteString("server_cert_domain_san", endpoint.FormatServerCertDomainSan(buffer));
            }

            json.WriteNumber("in_flight", endpoint.InFlight);
            json.WriteNumber("failures", endpoint.Failures);
            json.WriteNumber("age_seconds", Math.Round(time.GetElapsedTime(endpoint.LastSeen, now).TotalSeconds, 1));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
