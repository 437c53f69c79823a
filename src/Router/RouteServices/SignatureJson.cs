using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Router.RouteServices;

/// <summary>
/// The two JSON documents of a route-service signature, written byte for byte as Go's <c>encoding/json</c> writes
/// them (Gorouter <c>routeservice/signature.go</c>): fields in declaration order, no spaces, <c>&lt;</c>,
/// <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 escaped as <c>\u00XX</c>, and <c>time.Time</c> in RFC 3339 with
/// trailing zeros of the fraction dropped. Reading accepts what Go's decoder accepts for these fields: names in
/// any case, unknown fields ignored.
/// </summary>
internal static class SignatureJson
{
    /// <summary><c>{"forwarded_url":"...","requested_time":"..."}</c> as UTF-8.</summary>
    public static byte[] WriteContents(SignatureContents contents)
    {
        var json = new StringBuilder(64 + contents.ForwardedUrl.Length);
        json.Append("{\"forwarded_url\":");
        AppendString(json, contents.ForwardedUrl);
        json.Append(",\"requested_time\":\"").Append(FormatTime(contents.RequestedTime)).Append("\"}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary><c>{"nonce":"&lt;standard base64&gt;"}</c> as UTF-8.</summary>
    public static byte[] WriteMetadata(ReadOnlySpan<byte> nonce) =>
        Encoding.UTF8.GetBytes(string.Concat("{\"nonce\":\"", Convert.ToBase64String(nonce), "\"}"));

    /// <summary>Go's <c>time.RFC3339Nano</c> in UTC.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        return fraction.Length == 0 ? text + "Z" : string.Concat(text, ".", fraction, "Z");
    }

    /// <summary>Reads the nonce from metadata JSON; false with the reason when it is not there or not base64.</summary>
    public static bool TryReadNonce(byte[] json, out byte[] nonce, out string error)
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
                    if (!GoBase64.TryDecodeStd(reader.GetString()!, out nonce, out error))
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

    /// <summary>Reads decrypted signature JSON; false with the reason when it is not a JSON object.</summary>
    public static bool TryReadContents(byte[] json, out SignatureContents contents, out string error)
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

    /// <summary>RFC 3339 with up to nine fraction digits, as Go writes them; .NET keeps seven.</summary>
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
}
