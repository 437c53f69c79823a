namespace Router.Proxying;

/// <summary>
/// Parses the headers that send a request to chosen instances (docs/gorouter-compatibility.md §7.2), as Gorouter's
/// <c>handlers/lookup.go</c> does: <c>X-CF-APP-INSTANCE: &lt;app-guid&gt;:&lt;index&gt;</c> and
/// <c>X-CF-PROCESS-INSTANCE: &lt;process-guid&gt;[:&lt;index&gt;]</c>, each GUID lower-case hex in 8-4-4-4-12 form and each
/// index decimal digits.
/// </summary>
internal static class InstanceHeaders
{
    private const int GuidLength = 36;

    /// <summary><c>X-CF-APP-INSTANCE</c>: a GUID, a colon and an index, both required.</summary>
    public static bool TryParseAppInstance(ReadOnlySpan<char> value, out ReadOnlySpan<char> appGuid, out ReadOnlySpan<char> index) =>
        TryParse(value, indexRequired: true, out appGuid, out index);

    /// <summary><c>X-CF-PROCESS-INSTANCE</c>: a GUID, then optionally a colon and an index (empty when absent).</summary>
    public static bool TryParseProcessInstance(ReadOnlySpan<char> value, out ReadOnlySpan<char> processGuid, out ReadOnlySpan<char> index) =>
        TryParse(value, indexRequired: false, out processGuid, out index);

    private static bool TryParse(ReadOnlySpan<char> value, bool indexRequired, out ReadOnlySpan<char> guid, out ReadOnlySpan<char> index)
    {
        guid = default;
        index = default;
        if (value.Length < GuidLength || !IsGuid(value[..GuidLength]))
        {
            return false;
        }

        var rest = value[GuidLength..];
        if (rest.IsEmpty)
        {
            if (indexRequired)
            {
                return false;
            }

            guid = value;
            return true;
        }

        if (rest.Length < 2 || rest[0] != ':' || rest[1..].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        guid = value[..GuidLength];
        index = rest[1..];
        return true;
    }

    private static bool IsGuid(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? c != '-' : !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
