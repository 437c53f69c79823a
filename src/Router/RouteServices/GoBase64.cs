namespace Router.RouteServices;

/// <summary>
/// Go's <c>encoding/base64</c> forms used by route-service headers: <c>URLEncoding</c> (URL-safe alphabet, with
/// padding) for both headers, <c>StdEncoding</c> for the nonce inside the metadata JSON. Decoding is as strict
/// as Go's: the other alphabet's characters and missing padding are refused, with Go's error text.
/// </summary>
internal static class GoBase64
{
    /// <summary>URL-safe, padded base64 of <paramref name="data"/>.</summary>
    public static string EncodeUrl(ReadOnlySpan<byte> data)
    {
        var text = Convert.ToBase64String(data);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch { '+' => '-', '/' => '_', var c => c };
            }
        });
    }

    /// <summary>Decodes URL-safe, padded base64; false with Go's error text when it is not.</summary>
    public static bool TryDecodeUrl(string text, out byte[] data, out string error) => TryDecode(text, urlSafe: true, out data, out error);

    /// <summary>Decodes standard, padded base64; false with Go's error text when it is not.</summary>
    public static bool TryDecodeStd(string text, out byte[] data, out string error) => TryDecode(text, urlSafe: false, out data, out error);

    private static bool TryDecode(string text, bool urlSafe, out byte[] data, out string error)
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

    private static string Illegal(int offset) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"illegal base64 data at input byte {Math.Max(0, offset)}");
}
