using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace RouteMessages;

// Matching property names to fields, ignoring case as Go's encoding/json does.
internal static partial class RegistrationMessageReader
{
    // Longest key we match ("stale_threshold_in_seconds"), each character written as a six-byte \uXXXX escape: a
    // longer raw name cannot unescape to a known key.
    private const int MaxEscapedKeyLength = 26 * 6;

    private static Field MatchField(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            var name = reader.ValueSpan;
            var field = MatchAscii(name);
            if (field != Field.Unknown || Ascii.IsValid(name))
            {
                return field;
            }
        }

        return MatchUnescaped(ref reader);
    }

    // The common case: a plain ASCII key, dispatched on length and first letter, then compared ignoring ASCII case.
    private static Field MatchAscii(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 => Is(name, "app"u8, Field.App),
        4 => (name[0] | 0x20) switch
        {
            'h' => Is(name, "host"u8, Field.Host),
            'p' => Is(name, "port"u8, Field.Port),
            'u' => Is(name, "uris"u8, Field.Uris),
            't' => Is(name, "tags"u8, Field.Tags),
            _ => Field.Unknown,
        },
        7 => Is(name, "options"u8, Field.Options),
        8 => (name[0] | 0x20) switch
        {
            't' => Is(name, "tls_port"u8, Field.TlsPort),
            'p' => Is(name, "protocol"u8, Field.Protocol),
            _ => Field.Unknown,
        },
        17 => (name[0] | 0x20) switch
        {
            'r' => Is(name, "route_service_url"u8, Field.RouteServiceUrl),
            'i' => Is(name, "isolation_segment"u8, Field.IsolationSegment),
            'a' => Is(name, "availability_zone"u8, Field.AvailabilityZone),
            _ => Field.Unknown,
        },
        19 => Is(name, "private_instance_id"u8, Field.PrivateInstanceId),
        22 => (name[0] | 0x20) switch
        {
            'p' => Is(name, "private_instance_index"u8, Field.PrivateInstanceIndex),
            's' => Is(name, "server_cert_domain_san"u8, Field.ServerCertDomainSan),
            'e' => Is(name, "endpoint_updated_at_ns"u8, Field.EndpointUpdatedAtNs),
            _ => Field.Unknown,
        },
        26 => Is(name, "stale_threshold_in_seconds"u8, Field.StaleThresholdInSeconds),
        _ => Field.Unknown,
    };

    // Emitters write the keys in lower case, so the exact comparison nearly always settles it.
    private static Field Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> key, Field field) =>
        name.SequenceEqual(key) || Ascii.EqualsIgnoreCase(name, key) ? field : Field.Unknown;

    // An escaped or non-ASCII key: decoded on the stack and compared as UTF-16 ignoring case, as JsonSerializer's
    // case-insensitive lookup does (so "\u0068ost" is host).
    private static Field MatchUnescaped(ref Utf8JsonReader reader)
    {
        Span<char> buffer = stackalloc char[MaxEscapedKeyLength];
        var length = DecodeKey(ref reader, buffer);
        if (length < 0)
        {
            return Field.Unknown;
        }

        var name = buffer[..length];
        for (var i = (int)Field.Host; i < FieldNames.Length; i++)
        {
            if (name.Equals(FieldNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return (Field)i;
            }
        }

        return Field.Unknown;
    }

    private static bool IsKey(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8Key, string key)
    {
        if (!reader.ValueIsEscaped)
        {
            var name = reader.ValueSpan;
            if (name.SequenceEqual(utf8Key) || Ascii.EqualsIgnoreCase(name, utf8Key))
            {
                return true;
            }

            if (Ascii.IsValid(name))
            {
                return false;
            }
        }

        Span<char> buffer = stackalloc char[MaxEscapedKeyLength];
        var length = DecodeKey(ref reader, buffer);
        return length >= 0 && buffer[..length].Equals(key, StringComparison.OrdinalIgnoreCase);
    }

    // Writes the current property name as UTF-16 into chars and returns its length, or -1 when it cannot be a known
    // key. As in JsonSerializer's lookup, an invalid escape (a lone surrogate) throws whatever the key, while invalid
    // UTF-8 bytes decode to U+FFFD and so make an unknown key.
    private static int DecodeKey(ref Utf8JsonReader reader, scoped Span<char> chars)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return raw.Length <= chars.Length ? Encoding.UTF8.GetChars(raw, chars) : -1;
        }

        var rented = ArrayPool<byte>.Shared.Rent((2 * raw.Length) + 2);
        try
        {
            if (!Utf8.IsValid(raw))
            {
                ThrowIfInvalidEscapes(raw, rented);
                return -1;
            }

            var length = reader.CopyString(rented);
            return length <= chars.Length ? Encoding.UTF8.GetChars(rented.AsSpan(0, length), chars) : -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // CopyString refuses invalid UTF-8 as well as invalid escapes, so the escapes are checked on a copy whose
    // non-ASCII bytes are replaced (escapes are ASCII, so they are unchanged).
    private static void ThrowIfInvalidEscapes(ReadOnlySpan<byte> raw, byte[] buffer)
    {
        var quoted = buffer.AsSpan(0, raw.Length + 2);
        quoted[0] = (byte)'"';
        quoted[^1] = (byte)'"';
        for (var i = 0; i < raw.Length; i++)
        {
            quoted[i + 1] = raw[i] < 0x80 ? raw[i] : (byte)'x';
        }

        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        reader.CopyString(buffer.AsSpan(raw.Length + 2));
    }
}
