namespace RouteRegistry;

/// <summary>The route table's pools of values that endpoints share. Used only under the table's write lock.</summary>
internal sealed class EndpointSharing
{
    public StringPool Strings { get; } = new();

    public InternPool<EndpointSettings> Settings { get; } = new();

    /// <summary>
    /// Tag maps by content: route emitters tag an endpoint with its component and its app's process, so all instances
    /// of an app, and every route of one instance, carry the same map.
    /// </summary>
    public InternPool<EndpointTags> Tags { get; } = new(EndpointTags.ContentComparer);

    /// <summary>
    /// The settings handed out last. Endpoints registered together (a burst after a restart, one app's instances)
    /// mostly have equal settings, so comparing with these first spares building a candidate and interning it.
    /// </summary>
    public EndpointSettings? LastSettings { get; set; }

    /// <summary>The tag map handed out last; compared with a message's tags before one is built (as <see cref="LastSettings"/>).</summary>
    public EndpointTags? LastTags { get; set; }
}
