using System.Text.Json.Serialization;

namespace RouteMessages;

/// <summary>
/// The body of <c>router.start</c> and of the reply to <c>router.greet</c> (docs/gorouter-compatibility.md §1.4; Gorouter
/// <c>mbus/subscriber.go</c> <c>RouterStart</c>). Emitters use it to pick their heartbeat interval.
/// </summary>
public sealed class RouterStartMessage
{
    /// <summary><c>"&lt;index&gt;-&lt;uuid&gt;"</c>, the UUID generated once per router process.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>The router's local IP address (one element).</summary>
    [JsonPropertyName("hosts")]
    public IList<string> Hosts { get; set; } = [];

    /// <summary>How often emitters should re-register, in whole seconds.</summary>
    [JsonPropertyName("minimumRegisterIntervalInSeconds")]
    public int MinimumRegisterIntervalInSeconds { get; set; }

    /// <summary>The router's stale threshold (<c>droplet_stale_threshold</c>) in seconds.</summary>
    [JsonPropertyName("pruneThresholdInSeconds")]
    public int PruneThresholdInSeconds { get; set; }
}
