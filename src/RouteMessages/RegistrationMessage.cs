using System.Text.Json.Serialization;

namespace RouteMessages;

/// <summary>
/// The JSON body of <c>router.register</c> and <c>router.unregister</c> (docs/gorouter-compatibility.md §1.3), mirroring Gorouter's
/// <c>RegistryMessage</c> in <c>mbus/subscriber.go</c>. Unknown fields are ignored; a field of the wrong JSON type
/// fails the whole message (see <see cref="RegistrationMessageParser"/>).
/// </summary>
public sealed class RegistrationMessage
{
    /// <summary>Backend IP address or host name; the endpoint address is <c>host:port</c>.</summary>
    [JsonPropertyName("host")]
    public string Host { get; set; } = "";

    /// <summary>Plain-HTTP port, 0 to 65535.</summary>
    [JsonPropertyName("port")]
    public int Port { get; set; }

    /// <summary>TLS port, 0 to 65535; when non-zero it replaces <see cref="Port"/> and the endpoint is dialled with TLS.</summary>
    [JsonPropertyName("tls_port")]
    public int TlsPort { get; set; }

    /// <summary>Routes, <c>host[/path]</c>; a host may be a wildcard such as <c>*.example.com</c>.</summary>
    [JsonPropertyName("uris")]
    public IList<string> Uris { get; set; } = [];

    /// <summary>Application GUID (<c>X-CF-ApplicationID</c>).</summary>
    [JsonPropertyName("app")]
    public string App { get; set; } = "";

    /// <summary>Instance GUID (<c>X-CF-InstanceID</c>, value of the <c>__VCAP_ID__</c> sticky cookie).</summary>
    [JsonPropertyName("private_instance_id")]
    public string PrivateInstanceId { get; set; } = "";

    /// <summary>Instance index as a string, e.g. <c>"0"</c>; a JSON number fails the message as it does in Gorouter.</summary>
    [JsonPropertyName("private_instance_index")]
    public string PrivateInstanceIndex { get; set; } = "";

    /// <summary>Name expected in the backend certificate and sent as SNI.</summary>
    [JsonPropertyName("server_cert_domain_san")]
    public string ServerCertDomainSan { get; set; } = "";

    /// <summary>Route service for the routes of this message; empty or an <c>https</c> URL.</summary>
    [JsonPropertyName("route_service_url")]
    public string RouteServiceUrl { get; set; } = "";

    /// <summary>Free labels; <c>component</c>, <c>process_id</c> and <c>source_id</c> are used by the router.</summary>
    [JsonPropertyName("tags")]
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>Isolation segment, matched against the router's sharding settings (docs/gorouter-compatibility.md §2.6).</summary>
    [JsonPropertyName("isolation_segment")]
    public string IsolationSegment { get; set; } = "";

    /// <summary>Per-endpoint TTL in seconds; 0 or more than the router's threshold means the router's threshold.</summary>
    [JsonPropertyName("stale_threshold_in_seconds")]
    public long StaleThresholdInSeconds { get; set; }

    /// <summary>When the emitter observed the change, nanoseconds since the Unix epoch; informational only.</summary>
    [JsonPropertyName("endpoint_updated_at_ns")]
    public long EndpointUpdatedAtNs { get; set; }

    /// <summary>Backend protocol: <c>http1</c> (also when empty) or <c>http2</c>.</summary>
    [JsonPropertyName("protocol")]
    public string Protocol { get; set; } = "";

    /// <summary>Per-route options.</summary>
    [JsonPropertyName("options")]
    public RegistrationMessageOptions Options { get; set; } = new();

    /// <summary>Availability zone of the backend.</summary>
    [JsonPropertyName("availability_zone")]
    public string AvailabilityZone { get; set; } = "";

    /// <summary>The port the endpoint is reached on: <see cref="TlsPort"/> when non-zero, else <see cref="Port"/>.</summary>
    [JsonIgnore]
    public int EffectivePort => TlsPort != 0 ? TlsPort : Port;

    /// <summary>True when the endpoint is dialled with TLS (a non-zero <see cref="TlsPort"/>).</summary>
    [JsonIgnore]
    public bool UsesTls => TlsPort != 0;
}
