using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace RouteMessages;

/// <summary>
/// Decodes and encodes the NATS message bodies with the same acceptance rules as Gorouter (docs/gorouter-compatibility.md §1.3): unknown
/// keys are ignored, a wrong JSON type, a port outside 0..65535 or invalid JSON rejects the whole message, and the
/// only semantic check is that <c>route_service_url</c> is empty or starts with <c>https</c>.
/// </summary>
public static class RegistrationMessageParser
{
    private const int MaxPort = ushort.MaxValue;

    /// <summary>Parses a <c>router.register</c> / <c>router.unregister</c> body.</summary>
    /// <param name="utf8Json">The message payload.</param>
    /// <param name="message">The decoded message, with absent or <c>null</c> fields set to their empty values.</param>
    /// <param name="error">A short reason when the message is rejected.</param>
    /// <returns>False when the message must be dropped.</returns>
    public static bool TryParse(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out RegistrationMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        if (!RegistrationMessageReader.TryRead(utf8Json, out message, out error))
        {
            return false;
        }

        error = Validate(message);
        if (error is not null)
        {
            message = null;
            return false;
        }

        return true;
    }

    /// <summary>Parses a <c>router.start</c> body (or a <c>router.greet</c> reply).</summary>
    public static bool TryParseStart(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out RouterStartMessage? message)
    {
        message = null;
        try
        {
            message = JsonSerializer.Deserialize(utf8Json, MessageJsonContext.Default.RouterStartMessage);
        }
        catch (JsonException)
        {
            return false;
        }

        if (message is null)
        {
            return false;
        }

        message.Id ??= "";
        message.Hosts ??= [];
        return true;
    }

    /// <summary>Encodes a registration message as UTF-8 JSON.</summary>
    public static byte[] Serialize(RegistrationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.SerializeToUtf8Bytes(message, MessageJsonContext.Default.RegistrationMessage);
    }

    /// <summary>Encodes a registration message as UTF-8 JSON into <paramref name="writer"/>, building no array.</summary>
    public static void Serialize(Utf8JsonWriter writer, RegistrationMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        JsonSerializer.Serialize(writer, message, MessageJsonContext.Default.RegistrationMessage);
    }

    /// <summary>Encodes a start message as UTF-8 JSON.</summary>
    public static byte[] Serialize(RouterStartMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.SerializeToUtf8Bytes(message, MessageJsonContext.Default.RouterStartMessage);
    }

    private static string? Validate(RegistrationMessage message)
    {
        // Gorouter decodes both ports into uint16, so anything outside 0..65535 is a decoding error there.
        if (message.Port is < 0 or > MaxPort)
        {
            return "port out of range 0-65535";
        }

        if (message.TlsPort is < 0 or > MaxPort)
        {
            return "tls_port out of range 0-65535";
        }

        // Gorouter's only semantic check is a plain prefix test, so "httpsfoo" passes and "HTTPS://" does not.
        var routeServiceUrl = message.RouteServiceUrl;
        if (!string.IsNullOrEmpty(routeServiceUrl) && !routeServiceUrl.StartsWith("https", StringComparison.Ordinal))
        {
            return "route_service_url must be empty or start with https";
        }

        return null;
    }
}
