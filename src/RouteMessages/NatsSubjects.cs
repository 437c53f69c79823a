namespace RouteMessages;

/// <summary>
/// The NATS subjects of the route-registration protocol (docs/gorouter-compatibility.md §1.2; Gorouter <c>mbus/subscriber.go</c>).
/// </summary>
public static class NatsSubjects
{
    /// <summary>Adds an endpoint under every URI of the message.</summary>
    public const string Register = "router.register";

    /// <summary>Removes an endpoint from every URI of the message.</summary>
    public const string Unregister = "router.unregister";

    /// <summary>Published by the router at start-up and after each reconnect; carries a <see cref="RouterStartMessage"/>.</summary>
    public const string Start = "router.start";

    /// <summary>Request/reply subject; the router answers with its <see cref="RouterStartMessage"/>.</summary>
    public const string Greet = "router.greet";

    /// <summary>What every subject of the protocol starts with.</summary>
    public const string Prefix = "router.";

    /// <summary>The router's subscription; register and unregister arrive through it, other subjects are ignored.</summary>
    public const string RouterWildcard = Prefix + "*";
}
