using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RouteMessages;

/// <summary>
/// Decodes a <c>router.register</c> / <c>router.unregister</c> body straight from UTF-8 with
/// <see cref="Utf8JsonReader"/>. It runs for every registration message, so unlike <c>JsonSerializer</c> it makes no
/// property-name strings, no metadata lookups and no exceptions unless the JSON is malformed. The rules are those of
/// Go's <c>encoding/json</c> decoding Gorouter's <c>RegistryMessage</c> (<c>mbus/subscriber.go</c>): keys match
/// case-insensitively, unknown keys are skipped whatever their value, the last of duplicate keys wins, JSON
/// <c>null</c> gives the empty value, and any other JSON type than the field's rejects the message.
/// </summary>
internal static partial class RegistrationMessageReader
{
    private const string InvalidJson = "invalid JSON";

    private enum Field
    {
        None,
        Unknown,
        Host,
        Port,
        TlsPort,
        Uris,
        App,
        PrivateInstanceId,
        PrivateInstanceIndex,
        ServerCertDomainSan,
        RouteServiceUrl,
        Tags,
        IsolationSegment,
        StaleThresholdInSeconds,
        EndpointUpdatedAtNs,
        Protocol,
        Options,
        AvailabilityZone,
    }

    // Wire names indexed by Field, for the slow path of key matching and for error messages.
    private static readonly string[] FieldNames =
    [
        "", "", "host", "port", "tls_port", "uris", "app", "private_instance_id", "private_instance_index",
        "server_cert_domain_san", "route_service_url", "tags", "isolation_segment", "stale_threshold_in_seconds",
        "endpoint_updated_at_ns", "protocol", "options", "availability_zone",
    ];

    /// <summary>Decodes <paramref name="utf8Json"/>; all string fields of the result are non-null.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out RegistrationMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        message = null;
        var field = Field.None;
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.Null)
            {
                // Trailing content after the null is still invalid JSON.
                ReadToEnd(ref reader);
                error = "message is null";
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = InvalidJson;
                return false;
            }

            var parsed = new RegistrationMessage();
            var strings = default(MessageStrings);
            while (Advance(ref reader) == JsonTokenType.PropertyName)
            {
                field = MatchField(ref reader);
                Advance(ref reader);
                if (!TryReadField(ref reader, ref strings, parsed, field))
                {
                    error = WrongType(field);
                    return false;
                }

                field = Field.None;
            }

            ReadToEnd(ref reader);
            message = parsed;
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The reader throws JsonException on malformed JSON and InvalidOperationException when a string holds
            // invalid UTF-8 or a lone surrogate escape; JsonSerializer reports both as JsonException.
            error = field is Field.None or Field.Unknown ? InvalidJson : WrongType(field);
            return false;
        }
    }

    private static bool TryReadField(
        ref Utf8JsonReader reader, ref MessageStrings strings, RegistrationMessage message, Field field)
    {
        switch (field)
        {
            case Field.Unknown:
                reader.Skip();
                return true;
            case Field.Port when TryReadInt32(ref reader, out var port):
                message.Port = port;
                return true;
            case Field.TlsPort when TryReadInt32(ref reader, out var tlsPort):
                message.TlsPort = tlsPort;
                return true;
            case Field.StaleThresholdInSeconds when TryReadInt64(ref reader, out var stale):
                message.StaleThresholdInSeconds = stale;
                return true;
            case Field.EndpointUpdatedAtNs when TryReadInt64(ref reader, out var updated):
                message.EndpointUpdatedAtNs = updated;
                return true;
            case Field.Port or Field.TlsPort or Field.StaleThresholdInSeconds or Field.EndpointUpdatedAtNs:
                return false;
            case Field.Uris:
                // The constructor's empty list, tag map and options are filled rather than replaced.
                var uris = message.Uris as List<string> ?? [];
                message.Uris = uris;
                return TryReadUris(ref reader, ref strings, uris);
            case Field.Tags:
                return TryReadTags(ref reader, ref strings, message.Tags);
            case Field.Options:
                return TryReadOptions(ref reader, ref strings, message.Options);
            default:
                if (!TryReadString(ref reader, ref strings, out var text))
                {
                    return false;
                }

                SetString(message, field, text);
                return true;
        }
    }

    private static void SetString(RegistrationMessage message, Field field, string text)
    {
        switch (field)
        {
            case Field.Host: message.Host = text; break;
            case Field.App: message.App = text; break;
            case Field.PrivateInstanceId: message.PrivateInstanceId = text; break;
            case Field.PrivateInstanceIndex: message.PrivateInstanceIndex = text; break;
            case Field.ServerCertDomainSan: message.ServerCertDomainSan = text; break;
            case Field.RouteServiceUrl: message.RouteServiceUrl = text; break;
            case Field.IsolationSegment: message.IsolationSegment = text; break;
            case Field.Protocol: message.Protocol = text; break;
            case Field.AvailabilityZone: message.AvailabilityZone = text; break;
            default: throw new UnreachableException();
        }
    }

    private static bool TryReadString(ref Utf8JsonReader reader, ref MessageStrings strings, out string text)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                text = strings.Get(ref reader);
                return true;
            case JsonTokenType.Null:
                text = "";
                return true;
            default:
                text = "";
                return false;
        }
    }

    // Go decodes the ports into uint16 and the thresholds into int64: only integer literals fit, no fractions or
    // exponents (TryGetInt32 refuses both), and the range check happens after the whole message is read.
    private static bool TryReadInt32(ref Utf8JsonReader reader, out int value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Null
            || (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value));
    }

    private static bool TryReadInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Null
            || (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value));
    }

    private static bool TryReadUris(ref Utf8JsonReader reader, ref MessageStrings strings, List<string> uris)
    {
        uris.Clear();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        // Collect a few on the stack first so that the list's array has exactly the needed size.
        var buffer = default(UriBuffer);
        Span<string> pending = buffer;
        var count = 0;
        while (Advance(ref reader) != JsonTokenType.EndArray)
        {
            if (!TryReadString(ref reader, ref strings, out var uri))
            {
                return false;
            }

            if (count == pending.Length)
            {
                // A long list: from here on the list grows by itself.
                uris.AddRange(pending);
                count = 0;
            }

            pending[count++] = uri;
        }

        if (uris.Count == 0)
        {
            uris.Capacity = count;
        }

        uris.AddRange(pending[..count]);
        return true;
    }

    private static bool TryReadTags(
        ref Utf8JsonReader reader, ref MessageStrings strings, Dictionary<string, string> tags)
    {
        tags.Clear();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        // Tags are map keys in Go, so they are taken as written (case-sensitive, last duplicate wins); they are
        // collected on the stack first so that the dictionary is allocated once at the needed size.
        var buffer = default(TagBuffer);
        Span<KeyValuePair<string, string>> pending = buffer;
        var count = 0;
        while (Advance(ref reader) == JsonTokenType.PropertyName)
        {
            var key = strings.Get(ref reader);
            Advance(ref reader);
            if (!TryReadString(ref reader, ref strings, out var value))
            {
                return false;
            }

            if (count == pending.Length)
            {
                tags.EnsureCapacity(2 * pending.Length);
                AddTags(tags, pending);
                count = 0;
            }

            pending[count++] = new KeyValuePair<string, string>(key, value);
        }

        tags.EnsureCapacity(count);
        AddTags(tags, pending[..count]);
        return true;
    }

    private static void AddTags(Dictionary<string, string> tags, ReadOnlySpan<KeyValuePair<string, string>> pending)
    {
        foreach (var (key, value) in pending)
        {
            tags[key] = value;
        }
    }

    private static bool TryReadOptions(
        ref Utf8JsonReader reader, ref MessageStrings strings, RegistrationMessageOptions options)
    {
        // A later "options" key starts afresh, as a new object would.
        options.LoadBalancing = "";
        options.HashHeader = null;
        options.HashBalance = 0;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (Advance(ref reader) == JsonTokenType.PropertyName)
        {
            var key = IsKey(ref reader, "loadbalancing"u8, "loadbalancing") ? 1
                : IsKey(ref reader, "hash_header"u8, "hash_header") ? 2
                : IsKey(ref reader, "hash_balance"u8, "hash_balance") ? 3
                : 0;
            Advance(ref reader);
            switch (key)
            {
                case 1 when TryReadString(ref reader, ref strings, out var loadBalancing):
                    options.LoadBalancing = loadBalancing;
                    break;
                case 2 when TryReadString(ref reader, ref strings, out var hashHeader):
                    options.HashHeader = hashHeader;
                    break;
                case 3 when TryReadDouble(ref reader, out var hashBalance):
                    options.HashBalance = hashBalance;
                    break;
                case 0:
                    reader.Skip();
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    // Go decodes hash_balance into a float64: any JSON number, null as zero; a string fails the whole message.
    private static bool TryReadDouble(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Null
            || (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out value) && double.IsFinite(value));
    }

    private static JsonTokenType Advance(ref Utf8JsonReader reader)
    {
        // With the whole payload as the final block the reader throws on truncated input rather than returning
        // false, so this only guards the invariant.
        if (!reader.Read())
        {
            ThrowTruncated();
        }

        return reader.TokenType;
    }

    // After the top-level value only whitespace may follow; the reader throws on anything else.
    private static void ReadToEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            ThrowTruncated();
        }
    }

    [DoesNotReturn]
    private static void ThrowTruncated() => throw new JsonException(InvalidJson);

    private static string WrongType(Field field) => "invalid JSON or wrong type at $." + FieldNames[(int)field];

    [InlineArray(8)]
    private struct UriBuffer
    {
        private string _element;
    }

    [InlineArray(16)]
    private struct TagBuffer
    {
        private KeyValuePair<string, string> _element;
    }
}
