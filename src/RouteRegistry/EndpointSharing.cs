namespace RouteRegistry;

/// <summary>The route table's pools of values that endpoints share. Used only under the table's write lock.</summary>
internal sealed class EndpointSharing
{
    public StringPool Strings { get; } = new();

    public InternPool<EndpointSettings> Settings { get; } = new();
}
