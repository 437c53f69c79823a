using RouteMessages;

namespace RouteRegistry.Tests;

/// <summary>Builders for tables and registration messages.</summary>
internal static class TestRoutes
{
    public static RouteTable Table(TimeProvider? time = null, RouteTableOptions? options = null) =>
        new(options ?? new RouteTableOptions(), time ?? new ManualTimeProvider());

    public static RegistrationMessage Message(string host, int port, params string[] uris) => new()
    {
        Host = host,
        Port = port,
        Uris = [.. uris],
        App = "11111111-2222-3333-4444-555555555555",
        PrivateInstanceId = "instance-" + host + "-" + port,
        PrivateInstanceIndex = "0",
    };

    public static EndpointPool LookupOrThrow(this RouteTable table, string host, string path = "")
    {
        var pool = table.Lookup(host, path);
        Assert.NotNull(pool);
        return pool;
    }

    public static string? LookupKey(this RouteTable table, string host, string path = "") => table.Lookup(host, path)?.Key;
}
