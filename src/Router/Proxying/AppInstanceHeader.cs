namespace Router.Proxying;

/// <summary>
/// Parses <c>X-CF-APP-INSTANCE: &lt;app-guid&gt;:&lt;index&gt;</c> (docs/gorouter-compatibility.md §7.2): a lower-case hex GUID in
/// 8-4-4-4-12 form, a colon, and a decimal index.
/// </summary>
internal static class AppInstanceHeader
{
    private const int GuidLength = 36;

    public static bool TryParse(ReadOnlySpan<char> value, out ReadOnlySpan<char> appGuid, out ReadOnlySpan<char> index)
    {
        appGuid = default;
        index = default;
        if (value.Length < GuidLength + 2 || value[GuidLength] != ':')
        {
            return false;
        }

        var guid = value[..GuidLength];
        for (var i = 0; i < GuidLength; i++)
        {
            var c = guid[i];
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? c != '-' : !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var digits = value[(GuidLength + 1)..];
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        appGuid = guid;
        index = digits;
        return true;
    }
}
