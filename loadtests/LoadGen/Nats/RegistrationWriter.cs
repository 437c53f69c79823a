using System.Buffers;
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
        json.WriteString("app", app);
        json.WriteString("private_instance_id", string.Create(CultureInfo.InvariantCulture, $"{app}-{instanceIndex}"));
        json.WriteString("private_instance_index", instanceIndex.ToString(CultureInfo.InvariantCulture));
        if (staleThresholdSeconds > 0)
        {
            json.WriteNumber("stale_threshold_in_seconds", staleThresholdSeconds);
        }

        // Lets the router report route_registration_latency from emitter to table.
        json.WriteNumber("endpoint_updated_at_ns", (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
        json.WriteStartObject("tags");
        json.WriteString("component", "loadgen");
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan;
    }
}
