using System.Text;

namespace RouteRegistry.LoadBalancing;

/// <summary>
/// 64-bit FNV-1a over the UTF-8 bytes of a string, the hash Gorouter's hash-based routing uses for both the header
/// value and the endpoint ids (<c>route/maglev.go</c>, Go's <c>hash/fnv</c> <c>New64a</c>). Using the same function
/// and table size sends a header value to the same instance as Gorouter does.
/// </summary>
internal static class Fnv1a
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>Hashes <paramref name="text"/> as UTF-8 without building the bytes (a lone surrogate counts as U+FFFD, as Go writes it).</summary>
    public static ulong Hash(ReadOnlySpan<char> text)
    {
        var hash = OffsetBasis;
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80)
            {
                hash = (hash ^ c) * Prime;
                i++;
                continue;
            }

            Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed);
            var written = rune.EncodeToUtf8(utf8);
            for (var b = 0; b < written; b++)
            {
                hash = (hash ^ utf8[b]) * Prime;
            }

            i += consumed;
        }

        return hash;
    }
}
