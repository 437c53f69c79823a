using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Router.FunctionalTests.RouteServices;

/// <summary>
/// An independent reading and writing of the route-service signature, from the documented format alone
/// (docs/route-services.md): key = PBKDF2-HMAC-SHA256(secret, empty salt, 100001 iterations, 16 bytes);
/// signature = URL-safe padded base64 of AES-GCM(JSON {forwarded_url, requested_time}) with the 16-byte tag
/// appended; metadata = URL-safe padded base64 of JSON {"nonce": standard base64 of the 12-byte nonce}.
/// It shares no code with the router, so a route service written this way is what the router must satisfy.
/// </summary>
internal static class SignatureFormat
{
    public static (string ForwardedUrl, DateTimeOffset RequestedTime, int NonceLength) Decode(string secret, string signature, string metadata)
    {
        using var metadataJson = JsonDocument.Parse(FromUrlBase64(metadata));
        var nonce = Convert.FromBase64String(metadataJson.RootElement.GetProperty("nonce").GetString()!);
        var sealedText = FromUrlBase64(signature);
        var plain = new byte[sealedText.Length - 16];
        using (var aes = new AesGcm(Key(secret), 16))
        {
            aes.Decrypt(nonce, sealedText.AsSpan(0, plain.Length), sealedText.AsSpan(plain.Length), plain);
        }

        using var contents = JsonDocument.Parse(plain);
        var time = contents.RootElement.GetProperty("requested_time").GetString()!;
        return (contents.RootElement.GetProperty("forwarded_url").GetString()!, ParseRfc3339(time), nonce.Length);
    }

    public static (string Signature, string Metadata) Encode(string secret, string forwardedUrl, DateTimeOffset requestedTime)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["forwarded_url"] = forwardedUrl,
            ["requested_time"] = requestedTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        });
        var sealedText = new byte[plain.Length + 16];
        using (var aes = new AesGcm(Key(secret), 16))
        {
            aes.Encrypt(nonce, plain, sealedText.AsSpan(0, plain.Length), sealedText.AsSpan(plain.Length));
        }

        var metadata = Encoding.UTF8.GetBytes($"{{\"nonce\":\"{Convert.ToBase64String(nonce)}\"}}");
        return (ToUrlBase64(sealedText), ToUrlBase64(metadata));
    }

    private static byte[] Key(string secret) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), Array.Empty<byte>(), 100_001, HashAlgorithmName.SHA256, 16);

    private static byte[] FromUrlBase64(string text) => Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/'));

    private static string ToUrlBase64(byte[] data) => Convert.ToBase64String(data).Replace('+', '-').Replace('/', '_');

    /// <summary>RFC 3339 as Go writes it, up to nine fraction digits (.NET reads seven).</summary>
    private static DateTimeOffset ParseRfc3339(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(.*T\d\d:\d\d:\d\d)(\.\d{1,7})?\d*(.*)$");
        return DateTimeOffset.Parse(match.Groups[1].Value + match.Groups[2].Value + match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
