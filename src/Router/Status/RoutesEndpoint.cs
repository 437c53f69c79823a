using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RouteRegistry;

namespace Router.Status;

/// <summary>
/// <c>/routes</c>: the route table as JSON (docs/gorouter-compatibility.md §2.7), behind Basic auth with <c>status.user</c> and
/// <c>status.pass</c>; missing or wrong credentials get 401 with <c>WWW-Authenticate: Basic</c>.
/// </summary>
internal sealed class RoutesEndpoint
{
    public const string Path = "/routes";

    /// <summary>JSON written before it is sent to the client.</summary>
    internal const int FlushBytes = 64 * 1024;

    private readonly RouteTable _table;
    private readonly StatusCredentials _credentials;

    public RoutesEndpoint(RouteTable table, StatusCredentials credentials)
    {
        _table = table;
        _credentials = credentials;
    }

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers[HeaderNames.Connection] = "close";
        if (!_credentials.IsAuthorized(context))
        {
            await StatusCredentials.ChallengeAsync(context);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await WriteRoutesAsync(response.BodyWriter, _table.Snapshot(), context.RequestAborted);
    }

    /// <summary>
    /// Writes the route table in Gorouter's <c>/routes</c> shape, sending it in pieces of about
    /// <see cref="FlushBytes"/>: the listing of a large table (40 MB of JSON for 100,000 routes x 2 endpoints) is never
    /// held in memory whole.
    /// </summary>
    internal static async Task WriteRoutesAsync(PipeWriter body, IReadOnlyList<RouteSnapshot> routes, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        long flushedBytes = 0;

        // The snapshot is sorted by key, so two routers with the same table answer byte-for-byte the same.
        foreach (var route in routes)
        {
            WriteRoute(json, route);
            if (json.BytesCommitted + json.BytesPending - flushedBytes >= FlushBytes)
            {
                await json.FlushAsync(cancellationToken);
                flushedBytes = json.BytesCommitted;
                var result = await body.FlushAsync(cancellationToken);
                if (result.IsCanceled || result.IsCompleted)
                {
                    return;
                }
            }
        }

        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static void WriteRoute(Utf8JsonWriter json, in RouteSnapshot route)
    {
        json.WriteStartArray(route.Key);
        foreach (var endpoint in route.Endpoints.Span)
        {
            WriteEndpoint(json, endpoint);
        }

        json.WriteEndArray();
    }

    private static void WriteEndpoint(Utf8JsonWriter json, Endpoint endpoint)
    {
        // Written through buffers: listing the table must not leave a string behind for each of its endpoints.
        Span<char> buffer = stackalloc char[Endpoint.FormatBufferLength];
        json.WriteStartObject();
        json.WriteString("address", endpoint.FormatAddress(buffer));
        json.WriteString("availability_zone", endpoint.AvailabilityZone);
        json.WriteString("protocol", endpoint.Protocol);
        json.WriteBoolean("tls", endpoint.IsTls);
        json.WriteNumber("ttl", (long)endpoint.StaleThreshold.TotalSeconds);
        WriteIfNotEmpty(json, "route_service_url", endpoint.RouteServiceUrl);
        json.WriteStartObject("tags");
        foreach (var (name, value) in endpoint.Tags)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        WriteIfNotEmpty(json, "isolation_segment", endpoint.IsolationSegment);
        WriteIfNotEmpty(json, "private_instance_id", endpoint.FormatInstanceId(buffer));
        WriteIfNotEmpty(json, "server_cert_domain_san", endpoint.FormatServerCertDomainSan(buffer));
        WriteIfNotEmpty(json, "load_balancing_algorithm", endpoint.LoadBalancingOption);

        // As Gorouter's route/pool.go: the header when set, the balance factor whenever the endpoint asked for hash.
        WriteIfNotEmpty(json, "hash_header", endpoint.HashHeader);
        if (endpoint.LoadBalancingOption == LoadBalancingAlgorithms.Hash)
        {
            json.WriteNumber("hash_balance", endpoint.HashBalance);
        }

        json.WriteEndObject();
    }

    private static void WriteIfNotEmpty(Utf8JsonWriter json, string name, ReadOnlySpan<char> value)
    {
        if (!value.IsEmpty)
        {
            json.WriteString(name, value);
        }
    }
}
