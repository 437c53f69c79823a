using System.Text.Json.Serialization;

namespace Nats.Protocol;

/// <summary>
/// The server's <c>INFO</c> document: the fields this client reads of nats-server's <c>Info</c> struct
/// (nats-io/nats-server <c>server/server.go</c>). Unknown fields are ignored.
/// </summary>
internal sealed record ServerInfo
{
    [JsonPropertyName("server_id")]
    public string ServerId { get; init; } = string.Empty;

    [JsonPropertyName("server_name")]
    public string? ServerName { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("proto")]
    public int Protocol { get; init; }

    [JsonPropertyName("headers")]
    public bool Headers { get; init; }

    [JsonPropertyName("max_payload")]
    public long MaxPayload { get; init; } = 1024 * 1024;

    [JsonPropertyName("auth_required")]
    public bool AuthRequired { get; init; }

    [JsonPropertyName("tls_required")]
    public bool TlsRequired { get; init; }

    [JsonPropertyName("tls_verify")]
    public bool TlsVerify { get; init; }

    [JsonPropertyName("tls_available")]
    public bool TlsAvailable { get; init; }

    [JsonPropertyName("client_id")]
    public ulong ClientId { get; init; }

    [JsonPropertyName("ldm")]
    public bool LameDuckMode { get; init; }
}
