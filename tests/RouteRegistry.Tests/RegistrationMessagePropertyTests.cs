using System.Text;
using CsCheck;
using RouteMessages;

namespace RouteRegistry.Tests;

/// <summary>Whatever arrives on the bus, the parsers answer true or false; they never throw.</summary>
public sealed class RegistrationMessagePropertyTests
{
    // Pieces of registration JSON, so generated payloads get past the first byte and into every branch of the reader.
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u0000", "\\ud800", "\n", "\r\n", " ", "null", "true", "false",
        "0", "-1", "65536", "1e400", "\"host\"", "\"port\"", "\"tls_port\"", "\"uris\"", "\"app\"", "\"tags\"",
        "\"private_instance_id\"", "\"private_instance_index\"", "\"server_cert_domain_san\"", "\"route_service_url\"",
        "\"stale_threshold_in_seconds\"", "\"endpoint_updated_at_ns\"", "\"options\"", "\"loadbalancing\"", "\"hash_header\"", "\"hash_balance\"", "1.5",
        "\"protocol\"", "\"a.test\"", "\"10.0.0.1\"", "\"x\u2028y\"", "\u00e9", "\ud83d\ude00",
    ];

    private static readonly Gen<byte[]> AnyBytes = Gen.Byte.Array[0, 600];

    private static readonly Gen<byte[]> JsonShaped = Gen.OneOf(Tokens).Array[0, 80]
        .Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)));

    [Fact]
    public void TryParse_AnyBytes_NeverThrows() =>
        AnyBytes.Sample(bytes => RegistrationMessageParser.TryParse(bytes, out _, out _) || true, iter: 20_000);

    [Fact]
    public void TryParse_JsonShapedBytes_NeverThrowsAndExplainsEveryRefusal() =>
        JsonShaped.Sample(
            bytes => RegistrationMessageParser.TryParse(bytes, out var message, out var error) ? message is not null : error is not null,
            iter: 20_000);

    [Fact]
    public void TryParseStart_AnyBytes_NeverThrows() =>
        Gen.OneOf(AnyBytes, JsonShaped).Sample(bytes => RegistrationMessageParser.TryParseStart(bytes, out _) || true, iter: 20_000);
}
