using System.Text.Json.Serialization;

namespace RouteEmitterClient.Messages;

/// <summary>
/// The body of <c>router.start</c> and of a router's answer to <c>router.greet</c> (Gorouter
/// <c>mbus/subscriber.go</c>, <c>RouterStart</c>): what the emitter learns its heartbeat interval from.
/// </summary>
internal sealed class RouterStartBody
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("hosts")]
    public IList<string> Hosts { get; set; } = [];

    [JsonPropertyName("minimumRegisterIntervalInSeconds")]
    public int MinimumRegisterIntervalInSeconds { get; set; }

    [JsonPropertyName("pruneThresholdInSeconds")]
    public int PruneThresholdInSeconds { get; set; }
}
