using System.Text;

namespace RouteRegistry;

/// <summary>
/// An endpoint's <c>private_instance_id</c> or <c>app</c> as the table stores it. Route emitters send GUIDs in lower-case
/// hex: app GUIDs whole (36 characters), instance GUIDs whole or cut to their first 28 characters as Diego's are;
/// either form is kept as 16 bytes and its string is built again only where it is written (a kept string costs
/// 80–96 bytes, one per app and two per route). Any other value, including an empty one, is kept as sent.
/// </summary>
public readonly struct CompactId : ISpanFormattable, IUtf8SpanFormattable
{
    /// <summary>Characters of a GUID in the <c>D</c> format: <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>.</summary>
    public const int GuidLength = 36;

    /// <summary>Characters of a Diego instance GUID: the first 28 of the <c>D</c> format.</summary>
    public const int ShortGuidLength = 28;

    // Marks an id stored as the first 28 characters of _guid; compared by reference, never shown.
    private static readonly string ShortForm = new('-', 1);

    private readonly Guid _guid;

    // Null for a whole GUID, ShortForm for a 28-character one, otherwise the id as sent.
    private readonly string? _text;

    private CompactId(Guid guid, string? text)
    {
        _guid = guid;
        _text = text;
    }

    /// <summary>The id when it is not stored as a GUID (possibly empty); null when it is.</summary>
    public string? Text => ReferenceEquals(_text, ShortForm) ? null : _text;

    /// <summary>True when the id is empty.</summary>
    public bool IsEmpty => _text is { Length: 0 };

    private int GuidTextLength => _text is null ? GuidLength : ShortGuidLength;

    /// <summary>The id as the table stores <paramref name="value"/>: as a GUID when it is one in either form, else as text.</summary>
    public static CompactId From(string? value) =>
        TryFromGuidText(value, out var id) ? id : new CompactId(default, value ?? "");

    /// <summary>
    /// The id <paramref name="value"/> is stored as when it is a GUID in either form, without building a string;
    /// false for any other text, which is then compared as text.
    /// </summary>
    public static bool TryFromGuidText(ReadOnlySpan<char> value, out CompactId id)
    {
        if (value.Length is GuidLength or ShortGuidLength && TryParseGuid(value, out var guid))
        {
            id = new CompactId(guid, value.Length == GuidLength ? null : ShortForm);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>
    /// True when <paramref name="value"/> is this id, for a caller comparing one value with many ids:
    /// <paramref name="valueIsGuid"/> and <paramref name="valueGuid"/> are what <see cref="TryFromGuidText"/> gave for
    /// it, so no GUID is formatted per id. A GUID in either form is always stored as one, so a stored text never
    /// equals a GUID.
    /// </summary>
    public bool Equals(ReadOnlySpan<char> value, bool valueIsGuid, in CompactId valueGuid) =>
        Text is { } text
            ? value.SequenceEqual(text)
            : valueIsGuid && _guid == valueGuid._guid && ReferenceEquals(_text, valueGuid._text);

    /// <summary>True when <paramref name="value"/> is this id, compared as text.</summary>
    public bool Equals(ReadOnlySpan<char> value)
    {
        if (Text is { } text)
        {
            return value.SequenceEqual(text);
        }

        Span<char> buffer = stackalloc char[GuidLength];
        return value.SequenceEqual(Format(buffer));
    }

    /// <summary>The id as text: the stored value, or the GUID formatted into <paramref name="buffer"/> (36 characters or more).</summary>
    public ReadOnlySpan<char> Format(Span<char> buffer)
    {
        if (Text is { } text)
        {
            return text;
        }

        _guid.TryFormat(buffer, out _, "D");
        return buffer[..GuidTextLength];
    }

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        Span<char> buffer = stackalloc char[GuidLength];
        var text = Format(buffer);
        charsWritten = text.TryCopyTo(destination) ? text.Length : 0;
        return charsWritten == text.Length;
    }

    /// <inheritdoc />
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (Text is { } text)
        {
            return Encoding.UTF8.TryGetBytes(text, utf8Destination, out bytesWritten);
        }

        Span<byte> buffer = stackalloc byte[GuidLength];
        _guid.TryFormat(buffer, out _, "D");
        var guidText = buffer[..GuidTextLength];
        bytesWritten = guidText.TryCopyTo(utf8Destination) ? guidText.Length : 0;
        return bytesWritten == guidText.Length;
    }

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[GuidLength];
        return Text ?? Format(buffer).ToString();
    }

    // Only text that formatting the parsed GUID gives back exactly (lower-case hex, hyphens in place) is accepted,
    // so the stored id always reads as it was sent.
    private static bool TryParseGuid(ReadOnlySpan<char> value, out Guid guid)
    {
        Span<char> canonical = stackalloc char[GuidLength];
        value.CopyTo(canonical);
        canonical[value.Length..].Fill('0');
        if (!Guid.TryParseExact(canonical, "D", out guid))
        {
            return false;
        }

        guid.TryFormat(canonical, out _, "D");
        return canonical[..value.Length].SequenceEqual(value);
    }
}
