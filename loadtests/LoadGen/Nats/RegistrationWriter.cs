using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace LoadGen.Nats;

/// <summary>
/// Builds Gorouter registration messages (<c>router.register</c> / <c>router.unregister</c>) as
/// route-registrar sends them; field names and types follow Gorouter's <c>mbus/subscriber.go</c>
/// <c>RegistryMessage</c> (note <c>private_instance_index</c> is a string there).
/// </summary>
internal sealed class RegistrationWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> buffer = new(512);
    private readonly Utf8JsonWriter json;

    // endpoint_updated_at_ns per route, fixed at the route's first message: a route emitter's heartbeat repeats the
    // instance's update time, so the router refreshes the endpoint instead of replacing it.
    private readonly Dictionary<string, long> updatedAt = new(StringComparer.Ordinal);

    public RegistrationWriter() => json = new Utf8JsonWriter(buffer);

    public void Dispose() => json.Dispose();

    /// <summary>Writes one message and returns its bytes, valid until the next call.</summary>
    public ReadOnlySpan<byte> Write(string host, int port, string uri, string app, int instanceIndex, int staleThresholdSeconds)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteString("host", host);
        json.WriteNumber("port", port);
        json.WriteStartArray("uris");
        json.WriteStringValue(uri);
        json.WriteEndArray();
        // Shaped as a route emitter's: the app and instance ids are GUIDs, derived from the names so that a
        // heartbeat repeats them.
        Span<char> guid = stackalloc char[36];
        json.WriteString("app", FormatGuid(app, 0, guid));
        json.WriteString("private_instance_id", FormatGuid(app, instanceIndex + 1, guid));
        json.WriteString("private_instance_index", instanceIndex.ToString(CultureInfo.InvariantCulture));
        if (staleThresholdSeconds > 0)
        {
            json.WriteNumber("stale_threshold_in_seconds", staleThresholdSeconds);
        }

        // Lets the router report route_registration_latency from emitter to table.
        if (!updatedAt.TryGetValue(uri, out long updatedAtNs))
        {
            updatedAtNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
            updatedAt.Add(uri, updatedAtNs);
        }

        json.WriteNumber("endpoint_updated_at_ns", updatedAtNs);
        json.WriteStartObject("tags");
        json.WriteString("component", "loadgen");
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan;
    }

    // 16 bytes from two FNV-1a hashes of the name, the second one salted with the instance.
    private static ReadOnlySpan<char> FormatGuid(string name, int instance, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Fnv1a(name, 0));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], Fnv1a(name, (ulong)instance + 1));
        new Guid(bytes).TryFormat(destination, out int written, "D");
        return destination[..written];
    }

    private static ulong Fnv1a(string text, ulong salt)
    {
        ulong hash = 14695981039346656037UL ^ salt;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
