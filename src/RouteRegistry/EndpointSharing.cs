namespace RouteRegistry;

/// <summary>The route table's pools of values that endpoints share. Used only under the table's write lock.</summary>
internal sealed class EndpointSharing
{
    public StringPool Strings { get; } = new();

    public InternPool<EndpointSettings> Settings { get; } = new();

    /// <summary>
    /// The settings handed out last. Endpoints registered together (a burst after a restart, one app's instances)
    /// mostly have equal settings, so comparing with these first spares building a candidate and interning it.
    /// </summary>
    public EndpointSettings? LastSettings { get; set; }
}
