using Router.RouteServices;

namespace Router.Tests.RouteServices;

/// <summary>
/// Known answers for the route-service signature, computed outside .NET from the algorithm Gorouter documents in
/// <c>common/secure/crypto.go</c> and <c>routeservice/signature.go</c>, with Python's <c>hashlib</c> and the
/// <c>cryptography</c> package:
/// <code>
/// key  = hashlib.pbkdf2_hmac("sha256", b"route-service-secret", b"", 100001, 16)
/// ct   = AESGCM(key).encrypt(bytes(range(12)), plain_json, b"")      # ciphertext || 16-byte tag
/// sig  = base64.urlsafe_b64encode(ct)                               # padded, as Go's URLEncoding
/// meta = base64.urlsafe_b64encode(b'{"nonce":"' + base64.b64encode(bytes(range(12))) + b'"}')
/// </code>
/// where plain_json is the JSON Go's encoder writes for the contents (HTML characters escaped as \u00XX).
/// </summary>
public sealed class RouteServiceSignatureKnownAnswerTests
{
    private const string Secret = "route-service-secret";
    private const string ForwardedUrl = "https://app.example.com/path?a=1&b=<x>";
    private const string PlainJson =
        "{\"forwarded_url\":\"https://app.example.com/path?a=1\\u0026b=\\u003cx\\u003e\",\"requested_time\":\"2024-05-06T07:08:09.1234567Z\"}";
    private const string ExpectedSignature =
        "e-wqGUf1g2fCp4WZo1o4iWImEtnOUndyeH2EszcRrrTIQ17az5ySWxrGEc78DVHHxJfCL-1ofmEHlrszhKbayY42N6qb-JxoMMtYUqdI_6nqHAWwlgty4a9xUi61b9HpC3y5IQVvvA9KrfDJbLKxiP1ADw-Qe9B0fA-9HcQrOFFFu55J8bqj5-c=";
    private const string ExpectedMetadata = "eyJub25jZSI6IkFBRUNBd1FGQmdjSUNRb0wifQ==";

    private static readonly DateTimeOffset RequestedTime = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_567);

    [Fact]
    public void DeriveKey_KnownSecret_MatchesPbkdf2Vector()
    {
        Assert.Equal("d963de434b5592c0f200439e2144b159", Convert.ToHexStringLower(RouteServiceCipher.DeriveKey(Secret)));
    }

    [Fact]
    public void WriteContents_HtmlCharacters_EscapedAsGoDoes()
    {
        var json = SignatureJsonText.WriteContents(new SignatureContents(ForwardedUrl, RequestedTime));

        Assert.Equal(PlainJson, System.Text.Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Sign_FixedNonceAndTime_MatchesVector()
    {
        using var cipher = new RouteServiceCipher(Secret);

        var (signature, metadata) = RouteServiceSigner.Sign(cipher, ForwardedUrl, RequestedTime, Nonce());

        Assert.Equal(ExpectedSignature, signature);
        Assert.Equal(ExpectedMetadata, metadata);
    }

    [Fact]
    public void Open_Vector_YieldsContents()
    {
        using var cipher = new RouteServiceCipher(Secret);

        var (ok, contents, error) = RouteServiceSigner.Open(cipher, ExpectedSignature, ExpectedMetadata);

        Assert.True(ok, error);
        Assert.Equal(ForwardedUrl, contents.ForwardedUrl);
        Assert.Equal(RequestedTime, contents.RequestedTime);
    }

    private static byte[] Nonce() => Enumerable.Range(0, 12).Select(i => (byte)i).ToArray();
}
