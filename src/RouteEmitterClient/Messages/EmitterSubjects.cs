namespace RouteEmitterClient.Messages;

/// <summary>The NATS subjects of Gorouter's route-registration protocol (Gorouter <c>mbus/subscriber.go</c>).</summary>
internal static class EmitterSubjects
{
    /// <summary>Adds the endpoint under every URI of the message.</summary>
    public const string Register = "router.register";

    /// <summary>Removes the endpoint from every URI of the message.</summary>
    public const string Unregister = "router.unregister";

    /// <summary>Broadcast by a router at start-up and after each reconnect.</summary>
    public const string Start = "router.start";

    /// <summary>Request to the routers; each answers with its start message.</summary>
    public const string Greet = "router.greet";
}
