using System.Buffers;

namespace Router.RouteServices;

/// <summary>
/// Go's <c>encoding/base64</c> forms used by route-service headers: <c>URLEncoding</c> (URL-safe alphabet, with
/// padding) for both headers, <c>StdEncoding</c> for the nonce inside the metadata JSON. Decoding is as strict
/// as Go's: the other alphabet's characters and missing padding are refused, with Go's error text. Encoding and
/// decoding work on spans and allocate nothing but the encoded string and error texts.
/// </summary>
internal static class GoBase64
{
    private static readonly SearchValues<char> UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly SearchValues<char> StdAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    /// <summary>Length of the padded base64 of <paramref name="byteCount"/> bytes.</summary>
    public static int EncodedLength(int byteCount) => checked((byteCount + 2) / 3 * 4);

    /// <summary>
    /// Most bytes that <paramref name="charCount"/> characters of padded base64 decode to: the size a destination of
    /// <see cref="TryDecodeUrl"/> and <see cref="TryDecodeStd"/> needs.
    /// </summary>
    public static int MaxDecodedLength(int charCount) => charCount / 4 * 3;

    /// <summary>URL-safe, padded base64 of <paramref name="data"/>.</summary>
    public static string EncodeUrl(ReadOnlySpan<byte> data) =>
        string.Create(EncodedLength(data.Length), data, static (chars, bytes) => EncodeUrl(bytes, chars));

    /// <summary>
    /// Writes URL-safe, padded base64 of <paramref name="data"/> to <paramref name="destination"/>, which is exactly
    /// <see cref="EncodedLength"/> long. (<c>Base64Url</c> of .NET leaves out the padding Go writes.)
    /// </summary>
    public static void EncodeUrl(ReadOnlySpan<byte> data, Span<char> destination)
    {
        Convert.TryToBase64Chars(data, destination, out _);
        destination.Replace('+', '-');
        destination.Replace('/', '_');
    }

    /// <summary>Writes standard, padded base64 of <paramref name="data"/> as ASCII bytes; returns how many.</summary>
    public static int EncodeStd(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        System.Buffers.Text.Base64.EncodeToUtf8(data, destination, out _, out var written);
        return written;
    }

    /// <summary>
    /// Decodes URL-safe, padded base64 into <paramref name="destination"/> (at least <see cref="MaxDecodedLength"/>
    /// long); false with Go's error text when it is not.
    /// </summary>
    public static bool TryDecodeUrl(ReadOnlySpan<char> text, Span<byte> destination, out int written, out string error)
    {
        written = 0;
        if (!TryValidate(text, UrlAlphabet, out error))
        {
            return false;
        }

        // Whole quanta before the last one have no padding and decode the same with any decoder: Base64Url's, which
        // is vectorised (Convert's decoding of characters is not). The last quantum goes to Convert, the decoder
        // that accepts what the validation lets through: Base64Url refuses bits set past the last full byte.
        var last = Math.Max(0, text.Length - 4);
        if (System.Buffers.Text.Base64Url.DecodeFromChars(text[..last], destination, out _, out written) != OperationStatus.Done)
        {
            return Undecodable(out written, out error);
        }

        Span<char> quantum = stackalloc char[4];
        quantum = quantum[..(text.Length - last)];
        text[last..].Replace(quantum, '-', '+');
        quantum.Replace('_', '/');
        if (!Convert.TryFromBase64Chars(quantum, destination[written..], out var count))
        {
            return Undecodable(out written, out error);
        }

        written += count;
        return true;
    }

    /// <summary>
    /// Decodes standard, padded base64 into <paramref name="destination"/> (at least <see cref="MaxDecodedLength"/>
    /// long); false with Go's error text when it is not.
    /// </summary>
    public static bool TryDecodeStd(ReadOnlySpan<char> text, Span<byte> destination, out int written, out string error)
    {
        written = 0;
        if (!TryValidate(text, StdAlphabet, out error))
        {
            return false;
        }

        return Convert.TryFromBase64Chars(text, destination, out written) || Undecodable(out written, out error);
    }

    /// <summary>
    /// Refuses what Go refuses, at the offset Go names: a character outside <paramref name="alphabet"/> other than
    /// '=', anything after the padding, more than two '=' (offset of the one before), a length that is not a
    /// multiple of 4 (offset of the last incomplete quantum).
    /// </summary>
    private static bool TryValidate(ReadOnlySpan<char> text, SearchValues<char> alphabet, out string error)
    {
        var end = text.IndexOfAnyExcept(alphabet);
        if (end >= 0)
        {
            if (text[end] != '=')
            {
                error = Illegal(end);
                return false;
            }

            // Up to two '=' and nothing after them.
            for (var i = end + 1; i < text.Length; i++)
            {
                if (text[i] != '=' || i - end >= 2)
                {
                    error = Illegal(text[i] == '=' ? i - 1 : i);
                    return false;
                }
            }
        }

        if (text.Length % 4 != 0)
        {
            error = Illegal(text.Length - (text.Length % 4));
            return false;
        }

        error = "";
        return true;
    }

    // Not reached: whole quanta of the alphabet with at most two '=' at the end always decode.
    private static bool Undecodable(out int written, out string error)
    {
        written = 0;
        error = Illegal(0);
        return false;
    }

    private static string Illegal(int offset) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"illegal base64 data at input byte {Math.Max(0, offset)}");
}
