using System.Text.Json.Serialization;

namespace RouteEmitterClient.Messages;

/// <summary>
/// The JSON body of <c>router.register</c> and <c>router.unregister</c> as the emitter writes it, field for field
/// Gorouter's <c>RegistryMessage</c> (<c>mbus/subscriber.go</c>). The emitter keeps its own copy of the wire format
/// so that it does not depend on the router's routing domain.
/// </summary>
internal sealed class RegistrationBody
{
    [JsonPropertyName("host")]
    public string Host { get; set; } = "";

    [JsonPropertyName("port")]
    public int Port { get; set; }

    [JsonPropertyName("tls_port")]
    public int TlsPort { get; set; }

    [JsonPropertyName("uris")]
    public IList<string> Uris { get; set; } = [];

    [JsonPropertyName("app")]
    public string App { get; set; } = "";

    [JsonPropertyName("private_instance_id")]
    public string PrivateInstanceId { get; set; } = "";

    /// <summary>A JSON string: Gorouter drops a message whose index is a number.</summary>
    [JsonPropertyName("private_instance_index")]
    public string PrivateInstanceIndex { get; set; } = "";

    [JsonPropertyName("server_cert_domain_san")]
    public string ServerCertDomainSan { get; set; } = "";

    [JsonPropertyName("route_service_url")]
    public string RouteServiceUrl { get; set; } = "";

    [JsonPropertyName("tags")]
    public Dictionary<string, string> Tags { get; set; } = [];

    [JsonPropertyName("isolation_segment")]
    public string IsolationSegment { get; set; } = "";

    [JsonPropertyName("stale_threshold_in_seconds")]
    public long StaleThresholdInSeconds { get; set; }

    /// <summary>When the content last changed, nanoseconds since the Unix epoch.</summary>
    [JsonPropertyName("endpoint_updated_at_ns")]
    public long EndpointUpdatedAtNs { get; set; }

    [JsonPropertyName("protocol")]
    public string Protocol { get; set; } = "";

    [JsonPropertyName("options")]
    public RegistrationBodyOptions Options { get; set; } = new();

    [JsonPropertyName("availability_zone")]
    public string AvailabilityZone { get; set; } = "";

    /// <summary>The port the router dials: <see cref="TlsPort"/> when non-zero, else <see cref="Port"/>.</summary>
    [JsonIgnore]
    public int EffectivePort => TlsPort != 0 ? TlsPort : Port;

    /// <summary>True when the router dials the endpoint with TLS.</summary>
    [JsonIgnore]
    public bool UsesTls => TlsPort != 0;
}

/// <summary>The <c>options</c> object of a registration.</summary>
internal sealed class RegistrationBodyOptions
{
    [JsonPropertyName("loadbalancing")]
    public string LoadBalancing { get; set; } = "";
}
