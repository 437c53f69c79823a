using System.Text;
using CsCheck;
using Router.RouteServices;
using Router.Tests.Hosting;

namespace Router.Tests.RouteServices;

/// <summary>
/// The span code of the route-service signature against <see cref="SignatureOracle"/>, the string code it replaced:
/// for generated URLs, times, JSON documents, base64 text and headers, the same bytes out and the same verdicts in.
/// </summary>
public sealed class SignatureOracleTests
{
    private const string Secret = "route-service-secret";

    private static readonly byte[] Key = RouteServiceCipher.DeriveKey(Secret);
    private static readonly RouteServiceCipher Cipher = new(Secret);
    private static readonly byte[] FixedNonce = Enumerable.Range(0, 12).Select(i => (byte)i).ToArray();

    /// <summary>Characters the JSON writer treats specially, and ones UTF-8 takes 2, 3 and 4 bytes for, and lone surrogates.</summary>
    private static readonly Gen<char> UrlChar = Gen.OneOf(
        Gen.Char['a', 'z'],
        Gen.OneOf('/', '?', '=', '%', '.', ':'),
        Gen.OneOf('"', '\\', '<', '>', '&', '\u2028', '\u2029', '\b', '\f', '\n', '\r', '\t', '\0', '\u001f', '\u007f'),
        Gen.OneOf('é', '€', '\ud83d', '\ude00', '\ud800', '\udc00'),
        Gen.Char);

    /// <summary>URLs short and long: past the 1 KB the signer keeps on the stack and past a 256-character decode chunk.</summary>
    private static readonly Gen<string> Url = Gen.OneOf(
        UrlChar.Array[0, 80].Select(chars => new string(chars)),
        UrlChar.Array[150, 3000].Select(chars => new string(chars)),
        LogLinePropertyTests.HostileText,
        Gen.String);

    /// <summary>Any instant from year 2 to 9998 in any offset, often with a fraction of 0, 1-3 or 7 digits.</summary>
    private static readonly Gen<DateTimeOffset> Time =
        Gen.Select(
            Gen.Long[new DateTime(2, 1, 1).Ticks, new DateTime(9998, 12, 31).Ticks],
            Gen.OneOf(Gen.Const(1L), Gen.Const(TimeSpan.TicksPerSecond), Gen.Const(TimeSpan.TicksPerMillisecond), Gen.Const(10L), Gen.Const(100_000L)),
            Gen.Int[-14 * 60, 14 * 60])
        .Select((ticks, unit, offsetMinutes) =>
            new DateTimeOffset(ticks - (ticks % unit), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes)));

    /// <summary>Time texts near RFC 3339: fields in and out of range, other separators, 0 to 12 fraction digits, other zones.</summary>
    private static readonly Gen<string> TimeText =
        Gen.Select(
            Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 13], Gen.Int[0, 32]).Select((year, month, day) => $"{year:D4}-{month:D2}-{day:D2}"),
            Gen.OneOf("T", "t", " "),
            Gen.Select(Gen.Int[0, 25], Gen.Int[0, 60], Gen.Int[0, 61]).Select((hour, minute, second) => $"{hour:D2}:{minute:D2}:{second:D2}"),
            Gen.OneOf(".", ",", ""),
            Gen.Char['0', '9'].Array[0, 12].Select(digits => new string(digits)),
            Gen.OneOf("Z", "z", "+02:00", "-00:00", "", " ", "Zx"))
        .Select((date, t, clock, dot, fraction, zone) => date + t + clock + (fraction.Length > 0 || dot == "." ? dot + fraction : "") + zone);

    /// <summary>Property names: the two fields in several cases, escaped, near misses (one with a character that upper-cases to an ASCII letter elsewhere), others.</summary>
    private static readonly Gen<string> ContentsName = Gen.OneOf(
        "forwarded_url", "Forwarded_URL", "FORWARDED_URL", "forwarded\\u005furl",
        "requested_time", "Requested_Time", "REQUESTED_TIME", "requested\\u005Ftime",
        "requeſted_time", "forwarded_url ", "forwarded-url", "", "x", "nonce");

    private static readonly Gen<string> NonceName = Gen.OneOf("nonce", "Nonce", "NONCE", "n\\u006fnce", "nonçe", "nonce2", "", "x");

    /// <summary>JSON values of every kind, strings that look like times, URLs and base64 among them.</summary>
    private static readonly Gen<string> Value = Gen.OneOf(
        TimeText.Select(Quote),
        Gen.Const("\"2024-05-06T07:08:09.123456789Z\""),
        Url.Select(url => Quote(JsonEscape(url))),
        Gen.Const("\"http:\\/\\/app.test\\/\\u0041\""),
        Gen.Byte.Array[0, 20].Select(bytes => Quote(Convert.ToBase64String(bytes))),
        Gen.Const("\"" + Convert.ToBase64String(FixedNonce) + "\""),
        Gen.Const("\"AAECAwQFBgcICQoL\""),
        Gen.Const("\"AAECAwQFBgcI-_oL\""),
        Gen.Const("\"AAECAwQFBgcICQo\""),
        Gen.Const("\"\\u0041AECAwQFBgcICQoL\""),
        Gen.Const("\"" + new string('A', 96) + "\""),
        Gen.Const("null"), Gen.Const("12"), Gen.Const("true"), Gen.Const("[]"), Gen.Const("{\"a\":[1,{\"b\":\"c\"}]}"));

    [Fact]
    public void WriteContents_AnyUrlAndTime_SameBytesAsOracle() =>
        Gen.Select(Url, Time).Sample((url, time) =>
        {
            Assert.Equal(SignatureOracle.WriteContents(url, time), SignatureJsonText.WriteContents(new SignatureContents(url, time)));
            Assert.Equal(SignatureOracle.FormatTime(time), SignatureJsonText.FormatTime(time));
        }, iter: 5_000);

    [Fact]
    public void Sign_AnyUrlTimeAndNonce_SameHeadersAsOracle() =>
        Gen.Select(Url, Time, Gen.Byte.Array[12]).Sample((url, time, nonce) =>
        {
            Assert.Equal(SignatureOracle.Sign(Key, url, time, nonce), RouteServiceSigner.Sign(Cipher, url, time, nonce));
        }, iter: 3_000);

    [Fact]
    public void Open_SignedAnyUrlAndTime_SameContentsAsOracle() =>
        Gen.Select(Url, Time).Sample((url, time) =>
        {
            var (signature, metadata) = RouteServiceSigner.Sign(Cipher, url, time, FixedNonce);
            AssertSameOpen(signature, metadata);
        }, iter: 2_000);

    [Fact]
    public void Open_AnyContentsJson_SameAsOracle() =>
        ContentsJson().Sample(json => AssertSameOpen(Seal(json), Metadata(FixedNonce)), iter: 10_000);

    [Fact]
    public void Open_AnyMetadataJson_SameAsOracle()
    {
        var signature = RouteServiceSigner.Sign(Cipher, "http://app.test/", DateTimeOffset.UtcNow, FixedNonce).Signature;
        Gen.OneOf(
                Gen.Select(NonceName, Value).Array[0, 4].Select(Object),
                Gen.OneOf(Gen.Const("[]"), Gen.Const("\"x\""), Gen.Const("{"), Gen.Const(""), Gen.Const("{\"nonce\":}"), Gen.Const("{}x"), Gen.Const("{\"nonce\":\"AAECAwQFBgcICQoL\",}")))
            .Select(Encoding.UTF8.GetBytes)
            .Sample(json => AssertSameOpen(signature, GoBase64.EncodeUrl(json)), iter: 5_000);
    }

    [Fact]
    public void Open_InvalidUtf8InNamesAndValues_RefusedWhereTheOracleThrew()
    {
        var signature = RouteServiceSigner.Sign(Cipher, "http://app.test/", DateTimeOffset.UtcNow, FixedNonce).Signature;
        string[] metadata = ["{\"\u00ff\":1,\"nonce\":\"AAECAwQFBgcICQoL\"}", "{\"nonce\":\"AAEC\u00ffwQFBgcICQoL\"}", "{\"x\":\"\u00ff\",\"nonce\":\"AAECAwQFBgcICQoL\"}"];
        foreach (var json in metadata)
        {
            AssertSameOpenOrRefused(signature, GoBase64.EncodeUrl(Latin1(json)), "invalid metadata JSON");
        }

        string[] contents = ["{\"\u00ff\":1}", "{\"forwarded_url\":\"http://\u00ff/\"}", "{\"requested_time\":\"2024\u00ff\"}", "{\"x\":\"\u00ff\"}"];
        foreach (var json in contents)
        {
            AssertSameOpenOrRefused(GoBase64.EncodeUrl(SealBytes(Latin1(json))), Metadata(FixedNonce), "invalid signature JSON");
        }
    }

    /// <summary>
    /// The oracle (the string code this replaced) threw on JSON that is not valid UTF-8, out of the request path; the
    /// signer refuses it with <paramref name="error"/> instead and otherwise answers as the oracle does.
    /// </summary>
    private static void AssertSameOpenOrRefused(string signature, string metadata, string error)
    {
        var expected = Outcome(() => SignatureOracle.Open(Key, signature, metadata));
        var actual = RouteServiceSigner.Open(Cipher, signature, metadata);
        if (expected.Error.StartsWith("threw ", StringComparison.Ordinal))
        {
            Assert.False(actual.Ok);
            Assert.Equal(error, actual.Error);
            return;
        }

        Assert.Equal(expected, (actual.Ok, actual.Contents.ForwardedUrl ?? "", actual.Contents.RequestedTime.UtcTicks, actual.Contents.RequestedTime.Offset, actual.Error));
    }

    [Fact]
    public void Open_AnyHeaders_SameAsOracle() =>
        Gen.Select(Gen.String, Gen.String).Sample((signature, metadata) => AssertSameOpen(signature, metadata), iter: 5_000);

    [Fact]
    public void Decode_AnyBase64LikeText_SameAsOracle() =>
        Gen.OneOf(
                Gen.OneOf(Gen.Char['A', 'C'], Gen.Char['x', 'z'], Gen.OneOf('0', '9', '+', '/', '-', '_', '=', '=', ' ', '.', 'é', '\n')).Array[0, 40],
                Gen.OneOf(Gen.Char['A', 'Z'], Gen.OneOf('-', '_', '+', '/', '=')).Array[250, 600])
            .Select(chars => new string(chars))
            .Sample(text =>
            {
                foreach (var urlSafe in new[] { true, false })
                {
                    var expectedOk = SignatureOracle.TryDecode(text, urlSafe, out var expected, out var expectedError);
                    var decoded = new byte[GoBase64.MaxDecodedLength(text.Length)];
                    var written = 0;
                    var error = "";
                    var ok = urlSafe
                        ? GoBase64.TryDecodeUrl(text, decoded, out written, out error)
                        : GoBase64.TryDecodeStd(text, decoded, out written, out error);
                    Assert.Equal(expectedOk, ok);
                    Assert.Equal(expectedError, error);
                    Assert.Equal(expected, decoded[..written]);
                }
            }, iter: 20_000);

    [Fact]
    public void TryParseTime_AnyTimeLikeText_SameAsOracle() =>
        TimeText.Sample(text =>
        {
            var expectedOk = SignatureOracle.TryParseTime(text, out var expected);
            Assert.Equal(expectedOk, SignatureJson.TryParseTime(text, out var time));
            Assert.Equal(expected.UtcTicks, time.UtcTicks);
            Assert.Equal(expected.Offset, time.Offset);
        }, iter: 20_000);

    [Fact]
    public void EncodeUrl_AnyBytes_SameAsOracle() =>
        Gen.Byte.Array[0, 300].Sample(bytes => Assert.Equal(SignatureOracle.EncodeUrl(bytes), GoBase64.EncodeUrl(bytes)));

    private static Gen<byte[]> ContentsJson() =>
        Gen.OneOf(
                Gen.Select(ContentsName, Value).Array[0, 5].Select(Object),
                Gen.OneOf(Gen.Const("[]"), Gen.Const("\"x\""), Gen.Const("1"), Gen.Const(""), Gen.Const("{"), Gen.Const("{\"forwarded_url\":}"), Gen.Const("{}x"), Gen.Const("{\"a\":1,}")))
            .Select(Encoding.UTF8.GetBytes);

    private static string Object((string Name, string Value)[] members) =>
        "{" + string.Join(",", members.Select(m => Quote(m.Name) + ":" + m.Value)) + "}";

    private static string Quote(string text) => "\"" + text + "\"";

    /// <summary>A JSON string body for any .NET string, lone surrogates escaped so that the document stays UTF-8.</summary>
    private static string JsonEscape(string text)
    {
        var json = new StringBuilder();
        foreach (var c in text)
        {
            json.Append(c is '"' or '\\' or < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return json.ToString();
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static string Seal(byte[] json) => GoBase64.EncodeUrl(SealBytes(json));

    private static byte[] SealBytes(byte[] json)
    {
        var sealedText = new byte[json.Length + RouteServiceCipher.TagSize];
        json.CopyTo(sealedText, 0);
        Cipher.Seal(FixedNonce, sealedText);
        return sealedText;
    }

    private static string Metadata(byte[] nonce) => GoBase64.EncodeUrl(Encoding.UTF8.GetBytes($"{{\"nonce\":\"{Convert.ToBase64String(nonce)}\"}}"));

    private static void AssertSameOpen(string signature, string metadata)
    {
        var expected = Outcome(() => SignatureOracle.Open(Key, signature, metadata));
        var actual = Outcome(() => RouteServiceSigner.Open(Cipher, signature, metadata));
        if (expected.Error.StartsWith("threw ", StringComparison.Ordinal))
        {
            // JSON that is not valid UTF-8: refused by the signer where the oracle threw.
            Assert.False(actual.Ok);
            Assert.Contains(actual.Error, new[] { "invalid metadata JSON", "invalid signature JSON" });
            return;
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>What opening gives, comparable: the time as UTC ticks and offset, an exception as its type.</summary>
    private static (bool Ok, string Url, long UtcTicks, TimeSpan Offset, string Error) Outcome(Func<(bool Ok, SignatureContents Contents, string Error)> open)
    {
        try
        {
            var (ok, contents, error) = open();
            return (ok, contents.ForwardedUrl ?? "", contents.RequestedTime.UtcTicks, contents.RequestedTime.Offset, error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return (false, "", 0, default, "threw " + e.GetType().Name);
        }
    }
}
