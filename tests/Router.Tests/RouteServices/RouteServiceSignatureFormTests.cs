using System.Text;
using Router.RouteServices;
using Router.Testing;

namespace Router.Tests.RouteServices;

/// <summary>
/// The signature's forms where they could drift: long URLs (past what the signer keeps on the stack), characters Go
/// escapes, fraction digits, field names in other case, unknown fields, and every error Gorouter names.
/// </summary>
public sealed class RouteServiceSignatureFormTests
{
    private const string Secret = "route-service-secret";
    private const string Nonce = "AAECAwQFBgcICQoL";

    private static readonly RouteServiceCipher Cipher = new(Secret);
    private static readonly byte[] NonceBytes = Convert.FromBase64String(Nonce);
    private static readonly DateTimeOffset Time = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_567);

    [Theory]
    [InlineData(1_000)]
    [InlineData(5_000)]
    [InlineData(70_000)]
    public void Check_LongForwardedUrl_Valid(int length)
    {
        var url = "https://app.example.com/" + new string('a', length) + "?q=<&>";
        using var signer = new RouteServiceSigner(Secret, "", TimeSpan.FromSeconds(60), new ManualTimeProvider(DateTimeOffset.UtcNow));
        var (signature, metadata) = signer.Sign(url);

        var check = signer.Check(signature, metadata);

        Assert.Equal(SignatureVerdict.Valid, check.Verdict);
        Assert.Equal(url, check.Contents.ForwardedUrl);
    }

    [Fact]
    public void Sign_ManyRequestsOnSeveralThreads_EveryNonceDifferent()
    {
        using var signer = new RouteServiceSigner(Secret, "", TimeSpan.FromSeconds(60), TimeProvider.System);
        var metadata = new System.Collections.Concurrent.ConcurrentBag<string>();

        // More than one thread's batch of nonces, from several threads at once.
        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => metadata.Add(signer.Sign("http://app.test/").Metadata));

        Assert.Equal(4_000, metadata.Distinct(StringComparer.Ordinal).Count());
        Assert.All(metadata, m => Assert.Equal(12, NonceOf(m).Length));
    }

    [Fact]
    public void Sign_LongForwardedUrl_SameAsOracle()
    {
        var url = "https://app.example.com/" + string.Concat(Enumerable.Repeat("x<é€\ud83d\ude00&\u2028", 500));

        var headers = RouteServiceSigner.Sign(Cipher, url, Time, NonceBytes);

        Assert.Equal(SignatureOracle.Sign(RouteServiceCipher.DeriveKey(Secret), url, Time, NonceBytes), headers);
        var (ok, contents, error) = RouteServiceSigner.Open(Cipher, headers.Signature, headers.Metadata);
        Assert.True(ok, error);
        Assert.Equal(url, contents.ForwardedUrl);
    }

    [Fact]
    public void WriteContents_CharactersGoEscapes_Escaped()
    {
        const string Url = "http://a.test/\"\\\n\r\t\b\f\u0001\u001f<>&\u2028\u2029\u007fé€\ud83d\ude00\ud800x";

        var json = SignatureJsonText.WriteContents(new SignatureContents(Url, Time));

        var expected = Concat(
            Encoding.UTF8.GetBytes("{\"forwarded_url\":\"http://a.test/\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f\\u003c\\u003e\\u0026\\u2028\\u2029\u007fé€\ud83d\ude00"),
            [0xEF, 0xBF, 0xBD],
            Encoding.UTF8.GetBytes("x\",\"requested_time\":\"2024-05-06T07:08:09.1234567Z\"}"));
        Assert.Equal(expected, json);
    }

    [Theory]
    [InlineData(0, "2024-05-06T07:08:09Z")]
    [InlineData(1_230_000, "2024-05-06T07:08:09.123Z")]
    [InlineData(1_234_567, "2024-05-06T07:08:09.1234567Z")]
    [InlineData(1_000_000, "2024-05-06T07:08:09.1Z")]
    [InlineData(1, "2024-05-06T07:08:09.0000001Z")]
    public void FormatTime_FractionDigits_TrailingZerosDropped(long fractionTicks, string expected)
    {
        Assert.Equal(expected, SignatureJsonText.FormatTime(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(fractionTicks)));
    }

    [Fact]
    public void FormatTime_OtherOffset_WrittenInUtc()
    {
        Assert.Equal("2024-05-06T07:08:09.5Z", SignatureJsonText.FormatTime(new DateTimeOffset(2024, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(5_000_000)));
    }

    [Theory]
    [InlineData("2024-05-06T07:08:09Z", 0)]
    [InlineData("2024-05-06T07:08:09.123Z", 1_230_000)]
    [InlineData("2024-05-06T07:08:09.1234567Z", 1_234_567)]
    [InlineData("2024-05-06T07:08:09.123456789Z", 1_234_567)]
    [InlineData("2024-05-06T07:08:09.123456789123Z", 1_234_567)]
    [InlineData("2024-05-06T07:08:09.000000001Z", 0)]
    [InlineData("2024-05-06T07:08:09.5Z", 5_000_000)]
    [InlineData("2024-05-06T07:08:09.5+00:00", 5_000_000)]
    [InlineData("2024-05-06T09:08:09.1+02:00", 1_000_000)]
    [InlineData("2024-05-06T03:08:09.25-04:00", 2_500_000)]
    public void TryParseTime_ZeroToNineFractionDigitsAndOffsets_ReadsToTicks(string text, long fractionTicks)
    {
        Assert.True(SignatureJson.TryParseTime(text, out var time));
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(fractionTicks), time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-05-06")]
    [InlineData("2024-05-06 07:08:09Z")]
    [InlineData("2024-05-06t07:08:09z")]
    [InlineData("2024-13-06T07:08:09Z")]
    [InlineData("2024-02-30T07:08:09Z")]
    [InlineData("2024-05-06T24:00:00Z")]
    [InlineData("2024-05-06T07:60:09Z")]
    [InlineData("2024-05-06T07:08:60Z")]
    [InlineData("2024-05-06T07:08:09.Z")]
    [InlineData("0000-05-06T07:08:09Z")]
    [InlineData("yesterday")]
    public void TryParseTime_NotRfc3339_False(string text)
    {
        Assert.False(SignatureJson.TryParseTime(text, out _));
        Assert.False(SignatureOracle.TryParseTime(text, out _));
    }

    [Theory]
    [InlineData("{\"Forwarded_URL\":\"http://app.test/x\",\"Requested_Time\":\"2024-05-06T07:08:09.1234567Z\"}", "{\"NONCE\":\"" + Nonce + "\"}")]
    [InlineData("{\"FORWARDED_URL\":\"http://app.test/x\",\"REQUESTED_TIME\":\"2024-05-06T07:08:09.1234567Z\"}", "{\"Nonce\":\"" + Nonce + "\"}")]
    [InlineData("{\"forwarded\\u005furl\":\"http://app.test/x\",\"requested_tim\\u0065\":\"2024-05-06T07:08:09.1234567Z\"}", "{\"n\\u006fnce\":\"" + Nonce + "\"}")]
    public void Open_FieldNamesInOtherCaseOrEscaped_Read(string contents, string metadata)
    {
        var (ok, read, error) = RouteServiceSigner.Open(Cipher, Seal(contents), EncodeMetadata(metadata));

        Assert.True(ok, error);
        Assert.Equal("http://app.test/x", read.ForwardedUrl);
        Assert.Equal(Time, read.RequestedTime);
    }

    [Fact]
    public void Open_UnknownFieldsAndNonStringValues_Ignored()
    {
        const string Contents =
            "{\"x\":{\"forwarded_url\":\"http://other.test/\",\"a\":[1,{\"b\":null}]},\"forwarded_url\":\"http://app.test/x\"," +
            "\"forwarded_url\":12,\"requested_time\":null,\"requeſted_time\":\"nope\",\"requested_time\":\"2024-05-06T07:08:09.1234567Z\",\"extra\":true}";
        const string Metadata = "{\"a\":[\"nonce\"],\"nonce\":\"" + Nonce + "\",\"nonce\":7,\"nonçe\":\"!\",\"other\":{}}";

        var (ok, read, error) = RouteServiceSigner.Open(Cipher, Seal(Contents), EncodeMetadata(Metadata));

        Assert.True(ok, error);
        Assert.Equal("http://app.test/x", read.ForwardedUrl);
        Assert.Equal(Time, read.RequestedTime);
    }

    [Fact]
    public void Open_NoFields_EmptyUrlAndMinimumTime()
    {
        var (ok, read, error) = RouteServiceSigner.Open(Cipher, Seal("{}"), EncodeMetadata("{\"nonce\":\"" + Nonce + "\"}"));

        Assert.True(ok, error);
        Assert.Equal("", read.ForwardedUrl);
        Assert.Equal(DateTimeOffset.MinValue, read.RequestedTime);
    }

    [Theory]
    [InlineData("", "{\"nonce\":\"" + Nonce + "\"}", "No metadata found")]
    [InlineData(null, "[1]", "json: not an object")]
    [InlineData(null, " ", "invalid metadata JSON")]
    [InlineData(null, "{\"nonce\":", "invalid metadata JSON")]
    [InlineData(null, "{\"nonce\":\"AAECAwQFBgcI-_oL\"}", "illegal base64 data at input byte 12")]
    [InlineData(null, "{\"nonce\":\"AAECAwQFBgcICQo\"}", "illegal base64 data at input byte 12")]
    [InlineData(null, "{\"nonce\":\"AAECAwQFBgcICQ===\"}", "illegal base64 data at input byte 15")]
    [InlineData(null, "{\"nonce\":\"AAECAwQFBgcICQ=A\"}", "illegal base64 data at input byte 15")]
    [InlineData(null, "{}", "incorrect nonce length")]
    [InlineData(null, "{\"nonce\":\"AAECAwQFBgcICQ==\"}", "incorrect nonce length")]
    [InlineData(null, "{\"nonce\":\"" + Nonce + Nonce + "\"}", "incorrect nonce length")]
    [InlineData(null, "{\"nonce\":\"" + Nonce + "\",\"nonce\":\"AAEC\"}", "incorrect nonce length")]
    public void Open_BadMetadata_GoError(string? metadataHeader, string metadataJson, string error)
    {
        var metadata = metadataHeader ?? EncodeMetadata(metadataJson);

        Assert.Equal((false, default(SignatureContents), error), RouteServiceSigner.Open(Cipher, Seal("{}"), metadata));
    }

    [Theory]
    [InlineData("eyJub25jZSI6IkFBRUNBd1FGQmdjSUNRb0wifQ=", "illegal base64 data at input byte 36")]
    [InlineData("eyJub25jZSI6IkFBRUNBd1FGQmdjSUNRb0wifQ===", "illegal base64 data at input byte 39")]
    [InlineData("eyJub25jZSI6IkFBRUNBd1FGQmdjSUNRb0wifQ=x", "illegal base64 data at input byte 39")]
    [InlineData("eyJub25jZSI6IkFBRUNBd1FGQmdjSUNRb0wifQ+=", "illegal base64 data at input byte 38")]
    [InlineData("eyJub25jZSI6IkFBRUNBd1FGQmdjSUNRb0wifQ.=", "illegal base64 data at input byte 38")]
    [InlineData("e", "illegal base64 data at input byte 0")]
    public void Open_MetadataNotUrlBase64_GoError(string metadata, string error)
    {
        Assert.Equal((false, default(SignatureContents), error), RouteServiceSigner.Open(Cipher, Seal("{}"), metadata));
    }

    [Theory]
    [InlineData("", "cipher: message authentication failed")]
    [InlineData("AAAA", "cipher: message authentication failed")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAA", "cipher: message authentication failed")]
    [InlineData("AAA", "illegal base64 data at input byte 0")]
    [InlineData("AAAAA/AA", "illegal base64 data at input byte 5")]
    [InlineData("AAAAAA=A", "illegal base64 data at input byte 7")]
    public void Open_BadSignature_GoError(string signature, string error)
    {
        Assert.Equal((false, default(SignatureContents), error), RouteServiceSigner.Open(Cipher, signature, EncodeMetadata("{\"nonce\":\"" + Nonce + "\"}")));
    }

    [Fact]
    public void Open_SignatureLongerThanStackBuffer_Decoded()
    {
        var url = "http://app.test/" + new string('b', 3_000);
        var (signature, metadata) = RouteServiceSigner.Sign(Cipher, url, Time, NonceBytes);
        var tampered = signature[..2000] + (signature[2000] == 'A' ? 'B' : 'A') + signature[2001..];

        Assert.Equal(url, RouteServiceSigner.Open(Cipher, signature, metadata).Contents.ForwardedUrl);
        Assert.Equal((false, default(SignatureContents), "cipher: message authentication failed"), RouteServiceSigner.Open(Cipher, tampered, metadata));
    }

    [Theory]
    [InlineData("\"2024-05-06T07:08:09Z\"", "json: not an object")]
    [InlineData("", "invalid signature JSON")]
    [InlineData("{\"forwarded_url\":\"http://app.test/\"", "invalid signature JSON")]
    [InlineData("{\"forwarded_url\":\"http://app.test/\",}", "invalid signature JSON")]
    [InlineData("{\"requested_time\":\"yesterday\"}", "parsing time as RFC 3339 failed")]
    [InlineData("{\"requested_time\":\"2024-05-06T07:08:09.Z\"}", "parsing time as RFC 3339 failed")]
    [InlineData("{\"Requested_Time\":\"2024-02-30T07:08:09Z\",\"x\":}", "parsing time as RFC 3339 failed")]
    public void Open_BadContents_GoError(string contents, string error)
    {
        Assert.Equal(
            (false, default(SignatureContents), error),
            RouteServiceSigner.Open(Cipher, Seal(contents), EncodeMetadata("{\"nonce\":\"" + Nonce + "\"}")));
    }

    private static string Seal(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var sealedText = new byte[bytes.Length + RouteServiceCipher.TagSize];
        bytes.CopyTo(sealedText, 0);
        Cipher.Seal(NonceBytes, sealedText);
        return GoBase64.EncodeUrl(sealedText);
    }

    private static byte[] NonceOf(string metadata)
    {
        using var json = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(metadata.Replace('-', '+').Replace('_', '/')));
        return Convert.FromBase64String(json.RootElement.GetProperty("nonce").GetString()!);
    }

    private static string EncodeMetadata(string json) => GoBase64.EncodeUrl(Encoding.UTF8.GetBytes(json));

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();
}
