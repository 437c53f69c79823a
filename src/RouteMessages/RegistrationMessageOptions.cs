using System.Text.Json.Serialization;

namespace RouteMessages;

/// <summary>
/// The <c>options</c> object of a registration message (docs/gorouter-compatibility.md §1.3).
/// </summary>
public sealed class RegistrationMessageOptions
{
    /// <summary>
    /// Per-route load-balancing algorithm, <c>round-robin</c> or <c>least-connection</c>; empty keeps the route's
    /// current algorithm, an unknown value is logged and ignored.
    /// </summary>
    [JsonPropertyName("loadbalancing")]
    public string LoadBalancing { get; set; } = "";
}
