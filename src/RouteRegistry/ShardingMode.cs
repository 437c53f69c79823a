namespace RouteRegistry;

/// <summary>
/// Which registrations a router accepts, by isolation segment (<c>routing_table_sharding_mode</c>, docs/gorouter-compatibility.md §2.6).
/// </summary>
public enum ShardingMode
{
    /// <summary>Accept every registration (<c>all</c>, the default).</summary>
    All,

    /// <summary>Accept registrations without an isolation segment or with a listed one (<c>shared-and-segments</c>).</summary>
    SharedAndSegments,

    /// <summary>Accept only registrations with a listed isolation segment (<c>segments</c>).</summary>
    Segments,
}
