using System.Buffers;
using System.Text;

namespace Router.Http;

/// <summary>
/// Decodes request header values for Kestrel as its default does (UTF-8, an invalid sequence refused), but refuses a
/// value that holds a control character other than HTAB: RFC 9110 §5.5 allows only visible characters, obs-text,
/// space and tab, and Go's server answers such a request 400 (<c>httpguts.ValidHeaderFieldValue</c>). Kestrel
/// itself refuses only NUL, CR and LF. A refusal throws <see cref="DecoderFallbackException"/>, which Kestrel turns
/// into its 400 answer with the connection closed; the router counts it as a rejected request.
/// </summary>
/// <remarks>
/// Installed through <see cref="RequestHeaderEncodings"/>. Kestrel decodes a header value only when it is not the
/// same as the one the connection's previous request sent (its header-value reuse), so a keep-alive client that
/// repeats its headers costs nothing here; otherwise one vectorised scan of the value, no allocation beyond the
/// string Kestrel makes anyway.
/// </remarks>
internal sealed class FieldValueEncoding : Encoding
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly SearchValues<byte> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b != '\t').Select(b => (byte)b), 0x7F]);

    private readonly Action _refused;

    /// <param name="refused">Called for every value refused.</param>
    public FieldValueEncoding(Action refused) => _refused = refused;

    /// <summary>True when <paramref name="value"/> holds a control character other than HTAB.</summary>
    public static bool HasControl(ReadOnlySpan<byte> value) => value.ContainsAny(Controls);

    // Kestrel decodes with Encoding.GetString(ReadOnlySpan<byte>), which counts and decodes through these two.
    public override unsafe int GetCharCount(byte* bytes, int count)
    {
        if (HasControl(new ReadOnlySpan<byte>(bytes, count)))
        {
            _refused();
            throw new DecoderFallbackException("A request header value holds a control character.");
        }

        return Utf8.GetCharCount(bytes, count);
    }

    public override unsafe int GetChars(byte* bytes, int byteCount, char* chars, int charCount) =>
        Utf8.GetChars(bytes, byteCount, chars, charCount);

    // The members below complete the Encoding contract with the same rules.
    public override int GetCharCount(byte[] bytes, int index, int count)
    {
        if (HasControl(bytes.AsSpan(index, count)))
        {
            _refused();
            throw new DecoderFallbackException("A request header value holds a control character.");
        }

        return Utf8.GetCharCount(bytes, index, count);
    }

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        Utf8.GetChars(bytes, byteIndex, byteCount, chars, charIndex);

    public override int GetByteCount(char[] chars, int index, int count) => Utf8.GetByteCount(chars, index, count);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        Utf8.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetMaxByteCount(int charCount) => Utf8.GetMaxByteCount(charCount);

    public override int GetMaxCharCount(int byteCount) => Utf8.GetMaxCharCount(byteCount);
}
