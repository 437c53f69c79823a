using System.Globalization;

namespace RouteRegistry;

/// <summary>
/// An endpoint's <c>private_instance_index</c> kept as a number: route emitters send the instance's index in decimal,
/// and an int in the endpoint costs 4 bytes where a reference to a string costs 8. Only text that reads back exactly
/// from its number qualifies (<c>0</c>, <c>1</c>, <c>17</c>; not <c>01</c>, <c>+1</c>, <c>-1</c> or an empty index),
/// so every index is written as it was registered.
/// </summary>
internal static class InstanceIndex
{
    /// <summary>The value an endpoint keeps when its index is text (in its settings).</summary>
    public const int Text = -1;

    /// <summary>The number <paramref name="text"/> is kept as, or <see cref="Text"/>.</summary>
    public static int From(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 10 || (text[0] == '0' && text.Length > 1))
        {
            return Text;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : Text;
    }

    /// <summary>The index as text; the runtime keeps the strings of numbers under 300, so the usual ones are not built.</summary>
    public static string ToText(int number) => number.ToString(CultureInfo.InvariantCulture);
}
