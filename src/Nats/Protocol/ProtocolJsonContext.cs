using System.Text.Json.Serialization;

namespace Nats.Protocol;

/// <summary>Source-generated JSON for the INFO and CONNECT documents.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(ConnectCommand))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext
{
}
