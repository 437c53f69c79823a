using System.Globalization;
using RouteRegistry;
using RouteMessages;

namespace Benchmarks;

/// <summary>
/// Registration messages shaped like route-emitter traffic: one app per route, two instances on different cells,
/// TLS ports, GUID instance ids and the usual tags. Seeded, so every run builds the same table.
/// </summary>
internal static class RouteTableData
{
    public const int Routes = 100_000;
    public const int ContextPathRoutes = 10_000;
    public const int WildcardRoutes = 1_000;

    /// <summary>A table holding every message of <see cref="Messages"/>.</summary>
    public static RouteTable BuildTable()
    {
        var table = new RouteTable(new RouteTableOptions(), TimeProvider.System);
        foreach (var message in Messages())
        {
            table.Register(message);
        }

        return table;
    }

    /// <summary>
    /// Two messages per route, in a fixed order: context-path routes, then wildcard routes, then host-only routes.
    /// Seeded, so a second enumeration yields messages identical to the first.
    /// </summary>
    public static IEnumerable<RegistrationMessage> Messages()
    {
        var random = new Random(42);
        for (var route = 0; route < Routes; route++)
        {
            var uri = route < ContextPathRoutes ? PathRouteUri(route)
                : route < ContextPathRoutes + WildcardRoutes ? WildcardUri(route)
                : HostRouteUri(route);
            var app = NewGuid(random);
            yield return Message(route, 0, uri, app, random);
            yield return Message(route, 1, uri, app, random);
        }
    }

    public static string HostRouteUri(int route) => $"app{route}.apps.example.com";

    public static string PathRouteUri(int route) => $"shop{route}.example.com/api/v{route % 3}";

    public static string WildcardUri(int route) => $"*.tenant{route}.example.com";

    public static RegistrationMessage Message(int route, int instance, string uri, string app, Random random)
    {
        var cell = (route + instance) % 500;
        var instanceId = NewGuid(random);
        return new RegistrationMessage
        {
            Host = $"10.0.{cell / 250}.{cell % 250}",
            Port = 61000 + (route % 4000),
            TlsPort = 61001 + (route % 4000),
            Uris = [uri],
            App = app,
            PrivateInstanceId = instanceId,
            PrivateInstanceIndex = instance.ToString(CultureInfo.InvariantCulture),
            ServerCertDomainSan = instanceId,
            Protocol = "http1",
            StaleThresholdInSeconds = 120,
            EndpointUpdatedAtNs = 1_714_000_000_000_000_000 + route,
            AvailabilityZone = instance == 0 ? "z1" : "z2",
            Tags = new Dictionary<string, string>
            {
                ["component"] = "route-emitter",
                ["process_id"] = app,
                ["source_id"] = app,
            },
        };
    }

    public static string NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
