using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RouteEmitterClient.Messages;

/// <summary>Encodes registrations and decodes router start messages, with source-generated JSON metadata.</summary>
internal static class WireFormat
{
    public static byte[] Serialize(RegistrationBody body) =>
        JsonSerializer.SerializeToUtf8Bytes(body, WireJsonContext.Default.RegistrationBody);

    /// <summary>Decodes a start message; keys match case-insensitively, as Go's <c>encoding/json</c> does.</summary>
    public static bool TryParseStart(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out RouterStartBody? start)
    {
        try
        {
            start = JsonSerializer.Deserialize(utf8Json, WireJsonContext.Default.RouterStartBody);
        }
        catch (JsonException)
        {
            start = null;
        }

        if (start is null)
        {
            return false;
        }

        // JSON null leaves null in the non-nullable properties.
        start.Id ??= "";
        start.Hosts ??= [];
        return true;
    }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(RegistrationBody))]
[JsonSerializable(typeof(RouterStartBody))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
