using System.Globalization;

namespace RouteEmitterClient.CommandLine;

/// <summary>
/// Durations as the router's configuration writes them: Go duration strings (<c>20s</c>, <c>500ms</c>, <c>1m30s</c>,
/// <c>1.5h</c>; units <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>) or a bare number of seconds.
/// </summary>
internal static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (double.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            return TryFromSeconds(bareSeconds, out value);
        }

        var totalSeconds = 0.0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            var unitLength = 0;
            while (numberLength + unitLength < span.Length && char.IsAsciiLetter(span[numberLength + unitLength]))
            {
                unitLength++;
            }

            if (numberLength == 0 || unitLength == 0
                || !double.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            double? scale = span.Slice(numberLength, unitLength) switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            totalSeconds += number * scale.Value;
            span = span[(numberLength + unitLength)..];
        }

        return TryFromSeconds(totalSeconds, out value);
    }

    private static bool TryFromSeconds(double seconds, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
