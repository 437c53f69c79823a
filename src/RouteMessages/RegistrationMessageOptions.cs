using System.Text.Json.Serialization;

namespace RouteMessages;

/// <summary>
/// The <c>options</c> object of a registration message (docs/gorouter-compatibility.md §1.3; Gorouter
/// <c>mbus/subscriber.go</c> <c>RegistryMessageOpts</c>).
/// </summary>
public sealed class RegistrationMessageOptions
{
    /// <summary>
    /// Per-route load-balancing algorithm, <c>round-robin</c>, <c>least-connection</c> or <c>hash</c>; empty keeps the
    /// route's current algorithm, an unknown value is logged, counted and ignored.
    /// </summary>
    [JsonPropertyName("loadbalancing")]
    public string LoadBalancing { get; set; } = "";

    /// <summary>With <c>hash</c>: the request header whose value picks the endpoint; null or empty for none.</summary>
    [JsonPropertyName("hash_header")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HashHeader { get; set; }

    /// <summary>
    /// With <c>hash</c>: the balance factor. An endpoint whose in-flight requests exceed this multiple of the route's
    /// average is passed over for the next one in the hash table; 0 (the default) or less turns the check off.
    /// </summary>
    [JsonPropertyName("hash_balance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double HashBalance { get; set; }
}
