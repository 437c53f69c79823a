using System.Text;

namespace Router.Http;

/// <summary>
/// Decodes the raw bytes of a request's <c>Content-Length</c> for Kestrel, which keeps only the parsed number and
/// parses with a routine that takes a leading <c>+</c> or <c>-</c> (so <c>+5</c> and <c>-0</c> pass). Installed
/// through <see cref="RequestHeaderEncodings"/> for that one header: Kestrel then decodes the
/// value with <see cref="GetChars(ReadOnlySpan{byte}, Span{char})"/> and rejects it (400, connection closed) when
/// the text is not a number. Anything but ASCII digits decodes to text that is not a number, so only
/// <c>1*DIGIT</c> (RFC 9112 §6.3, RFC 9110 §8.6) gets through. Kestrel has already removed the optional
/// whitespace around the value, refuses a repeated header and a value longer than 19 characters.
/// </summary>
/// <remarks>
/// Costs nothing but the parse Kestrel makes anyway; no allocation.
/// </remarks>
internal sealed class ContentLengthEncoding : Encoding
{
    /// <summary>What a value that is not all digits decodes to; <c>long.TryParse</c> refuses it.</summary>
    private const char NotANumber = '?';

    private readonly Action _refused;

    /// <param name="refused">Called for every value refused (the router counts it as a rejected request).</param>
    public ContentLengthEncoding(Action refused) => _refused = refused;

    /// <summary>True when <paramref name="bytes"/> is one or more ASCII digits.</summary>
    public static bool IsDigits(ReadOnlySpan<byte> bytes) =>
        !bytes.IsEmpty && !bytes.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        if (!IsDigits(bytes) || bytes.Length > chars.Length)
        {
            _refused();
            if (chars.IsEmpty)
            {
                return 0;
            }

            chars[0] = NotANumber;
            return 1;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return bytes.Length;
    }

    // The members below serve Kestrel's error message for a refused value (the raw text, as Latin-1) and the
    // Encoding contract; the check itself is GetChars above.
    public override int GetByteCount(char[] chars, int index, int count) => count;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        Latin1.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetCharCount(byte[] bytes, int index, int count) => count;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        Latin1.GetChars(bytes, byteIndex, byteCount, chars, charIndex);

    public override string GetString(byte[] bytes, int index, int count) => Latin1.GetString(bytes, index, count);

    public override int GetMaxByteCount(int charCount) => charCount;

    public override int GetMaxCharCount(int byteCount) => byteCount;
}
