using System.Text.Json.Serialization;

namespace Nats.Protocol;

/// <summary>
/// The client's <c>CONNECT</c> document: nats-server's <c>ClientOpts</c> (nats-io/nats-server
/// <c>server/client.go</c>). Verbose is off, so the server sends no <c>+OK</c> per operation; headers are off, so the
/// server delivers plain <c>MSG</c>s.
/// </summary>
internal sealed record ConnectCommand
{
    [JsonPropertyName("verbose")]
    public bool Verbose { get; init; }

    [JsonPropertyName("pedantic")]
    public bool Pedantic { get; init; }

    [JsonPropertyName("tls_required")]
    public bool TlsRequired { get; init; }

    [JsonPropertyName("auth_token")]
    public string? AuthToken { get; init; }

    [JsonPropertyName("user")]
    public string? User { get; init; }

    [JsonPropertyName("pass")]
    public string? Password { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("lang")]
    public string Language { get; init; } = ".NET";

    [JsonPropertyName("version")]
    public string Version { get; init; } = "1.0.0";

    /// <summary>1 = the client understands INFO sent after CONNECT (cluster changes, lame duck mode).</summary>
    [JsonPropertyName("protocol")]
    public int Protocol { get; init; } = 1;

    [JsonPropertyName("echo")]
    public bool Echo { get; init; } = true;

    [JsonPropertyName("headers")]
    public bool Headers { get; init; }

    [JsonPropertyName("no_responders")]
    public bool NoResponders { get; init; }
}
