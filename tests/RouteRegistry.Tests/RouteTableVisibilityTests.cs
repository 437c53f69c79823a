using Microsoft.Extensions.Logging;
using RouteMessages;

namespace RouteRegistry.Tests;

/// <summary>
/// Readers run without a lock, so every intermediate state of a write is visible to them. A route must never be
/// seen empty while it is being registered or while its last endpoint is being unregistered.
/// </summary>
public sealed class RouteTableVisibilityTests
{
    [Fact]
    public void Register_NewRoute_NotVisibleUntilItHasItsEndpoint()
    {
        var probe = new LookupProbeLogger();
        var table = new RouteTable(new RouteTableOptions(), TimeProvider.System, probe);
        probe.Table = table;

        table.Register(Message("new.test"));

        Assert.NotEmpty(probe.Seen);
        Assert.All(probe.Seen, pool => Assert.True(pool is null || !pool.IsEmpty, "a reader saw the new route empty"));
        Assert.Equal(1, table.Lookup("new.test", "/")!.Count);
    }

    [Fact]
    public void Unregister_LastEndpoint_RouteNeverVisibleEmpty()
    {
        var probe = new LookupProbeLogger();
        var table = new RouteTable(new RouteTableOptions(), TimeProvider.System, probe);
        table.Register(Message("gone.test"));
        probe.Table = table;

        table.Unregister(Message("gone.test"));

        Assert.NotEmpty(probe.Seen);
        Assert.All(probe.Seen, pool => Assert.True(pool is null || !pool.IsEmpty, "a reader saw the route empty"));
        Assert.Null(table.Lookup("gone.test", "/"));
    }

    private static RegistrationMessage Message(string uri) => new()
    {
        Host = "10.0.0.1",
        Port = 8080,
        Uris = [uri],
        PrivateInstanceId = "instance",
    };

    /// <summary>Looks the route up from inside every log call the table makes while it writes.</summary>
    private sealed class LookupProbeLogger : ILogger<RouteTable>
    {
        public RouteTable? Table { get; set; }

        public List<EndpointPool?> Seen { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Table is { } table)
            {
                Seen.Add(table.Lookup("new.test", "/") ?? table.Lookup("gone.test", "/"));
            }
        }
    }
}
