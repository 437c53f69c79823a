using System.Text.Json.Serialization;

namespace RouteMessages;

/// <summary>
/// Source-generated JSON metadata for the NATS message bodies. Go's <c>encoding/json</c>, which Gorouter and the
/// emitters use, matches keys case-insensitively, so this context does too.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(RegistrationMessage))]
[JsonSerializable(typeof(RouterStartMessage))]
internal sealed partial class MessageJsonContext : JsonSerializerContext;
