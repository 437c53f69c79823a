using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Router.RouteServices;

namespace Router.Tests.RouteServices;

/// <summary>
/// The route-service signature as the router made and checked it up to f2c6c5c, with strings and arrays, kept as
/// the reference the span code must equal byte for byte: the same headers for the same contents and nonce, and for
/// any headers the same verdict, contents and error text (or the same exception).
/// </summary>
internal static class SignatureOracle
{
    public static (string Signature, string Metadata) Sign(byte[] key, string forwardedUrl, DateTimeOffset requestedTime, byte[] nonce)
    {
        var plainText = WriteContents(forwardedUrl, requestedTime);
        var sealedText = new byte[plainText.Length + 16];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(nonce, plainText, sealedText.AsSpan(0, plainText.Length), sealedText.AsSpan(plainText.Length));
        }

        var metadata = Encoding.UTF8.GetBytes(string.Concat("{\"nonce\":\"", Convert.ToBase64String(nonce), "\"}"));
        return (EncodeUrl(sealedText), EncodeUrl(metadata));
    }

    public static (bool Ok, SignatureContents Contents, string Error) Open(byte[] key, string signature, string metadata)
    {
        if (metadata.Length == 0)
        {
            return (false, default, "No metadata found");
        }

        if (!TryDecode(metadata, urlSafe: true, out var metadataJson, out var error) ||
            !TryReadNonce(metadataJson, out var nonce, out error) ||
            !TryDecode(signature, urlSafe: true, out var sealedText, out error) ||
            !TryOpen(key, nonce, sealedText, out var plainText, out error) ||
            !TryReadContents(plainText, out var contents, out error))
        {
            return (false, default, error);
        }

        return (true, contents, "");
    }

    public static byte[] WriteContents(string forwardedUrl, DateTimeOffset requestedTime)
    {
        var json = new StringBuilder(64 + forwardedUrl.Length);
        json.Append("{\"forwarded_url\":");
        AppendString(json, forwardedUrl);
        json.Append(",\"requested_time\":\"").Append(FormatTime(requestedTime)).Append("\"}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    public static string FormatTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        return fraction.Length == 0 ? text + "Z" : string.Concat(text, ".", fraction, "Z");
    }

    public static string EncodeUrl(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string text, bool urlSafe, out byte[] data, out string error)
    {
        data = [];
        var converted = text.ToCharArray();
        var padding = 0;
        for (var i = 0; i < converted.Length; i++)
        {
            var c = converted[i];
            var valid = c switch
            {
                >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' => padding == 0,
                '-' or '_' => urlSafe && padding == 0,
                '+' or '/' => !urlSafe && padding == 0,
                '=' => ++padding <= 2,
                _ => false,
            };
            if (!valid)
            {
                error = Illegal(c == '=' ? i - 1 : i);
                return false;
            }

            converted[i] = c switch { '-' => '+', '_' => '/', _ => c };
        }

        if (converted.Length % 4 != 0)
        {
            error = Illegal(converted.Length - converted.Length % 4);
            return false;
        }

        data = Convert.FromBase64CharArray(converted, 0, converted.Length);
        error = "";
        return true;
    }

    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            && text.Length >= 20 && text[10] == 'T';
    }

    private static bool TryOpen(byte[] key, byte[] nonce, byte[] sealedText, out byte[] plainText, out string error)
    {
        plainText = [];
        if (nonce.Length != 12)
        {
            error = "incorrect nonce length";
            return false;
        }

        if (sealedText.Length < 16)
        {
            error = "cipher: message authentication failed";
            return false;
        }

        var length = sealedText.Length - 16;
        var output = new byte[length];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(nonce, sealedText.AsSpan(0, length), sealedText.AsSpan(length), output);
        }
        catch (AuthenticationTagMismatchException)
        {
            error = "cipher: message authentication failed";
            return false;
        }

        plainText = output;
        error = "";
        return true;
    }

    private static bool TryReadNonce(byte[] json, out byte[] nonce, out string error)
    {
        nonce = [];
        error = "";
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!ReadObjectStart(ref reader, out error))
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isNonce = reader.ValueTextEquals("nonce"u8) || string.Equals(reader.GetString(), "nonce", StringComparison.OrdinalIgnoreCase);
                reader.Read();
                if (isNonce && reader.TokenType == JsonTokenType.String)
                {
                    if (!TryDecode(reader.GetString()!, urlSafe: false, out nonce, out error))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            return true;
        }
        catch (JsonException)
        {
            error = "invalid metadata JSON";
            return false;
        }
    }

    private static bool TryReadContents(byte[] json, out SignatureContents contents, out string error)
    {
        contents = default;
        var url = "";
        var time = DateTimeOffset.MinValue;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!ReadObjectStart(ref reader, out error))
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (string.Equals(name, "forwarded_url", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
                {
                    url = reader.GetString()!;
                }
                else if (string.Equals(name, "requested_time", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
                {
                    if (!TryParseTime(reader.GetString()!, out time))
                    {
                        error = "parsing time as RFC 3339 failed";
                        return false;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            error = "invalid signature JSON";
            return false;
        }

        contents = new SignatureContents(url, time);
        return true;
    }

    private static bool ReadObjectStart(ref Utf8JsonReader reader, out string error)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "json: not an object";
            return false;
        }

        error = "";
        return true;
    }

    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: json.Append(c); break;
            }
        }

        json.Append('"');
    }

    private static string Illegal(int offset) =>
        string.Create(CultureInfo.InvariantCulture, $"illegal base64 data at input byte {Math.Max(0, offset)}");
}
