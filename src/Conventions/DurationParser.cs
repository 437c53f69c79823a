using System.Globalization;

namespace Conventions;

/// <summary>
/// Reads durations as Gorouter writes them: Go duration strings (<c>5s</c>, <c>1m30s</c>, <c>500ms</c>,
/// <c>2h</c>, <c>1.5h</c>, <c>-1s</c>; units <c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>,
/// <c>h</c>). A bare number means seconds (<c>30</c>, <c>0.5</c>): Go would read it as nanoseconds,
/// which no operator means. Precision is 100 ns, the <see cref="TimeSpan"/> tick; finer parts are dropped.
/// </summary>
public static class DurationParser
{
    private const decimal NanosecondsPerTick = 100m;
    private const decimal MaxNanoseconds = TimeSpan.TicksPerDay * 365m * 10_000m * NanosecondsPerTick;

    /// <summary>Parses <paramref name="text"/>; false when it is null, empty, or neither a Go duration nor a number.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return TryToTimeSpan(seconds * 1_000_000_000m, out value);
        }

        var negative = s[0] == '-';
        if (s[0] is '-' or '+')
        {
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal total = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            // Go accepts "1.s" and ".5s" but not "." alone; decimal.TryParse agrees on all three.
            if (numberLength == 0 || !decimal.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            var scale = UnitInNanoseconds(s[..unitLength]);
            if (scale == 0)
            {
                return false;
            }

            try
            {
                total += amount * scale;
            }
            catch (OverflowException)
            {
                return false;
            }

            if (total > MaxNanoseconds)
            {
                return false;
            }

            s = s[unitLength..];
        }

        return TryToTimeSpan(negative ? -total : total, out value);
    }

    /// <summary>Formats a duration the way it is written in <c>router.yaml</c>, e.g. <c>1m30s</c> or <c>500ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = value < TimeSpan.Zero ? "-" : "";
        var d = value.Duration();
        if (d < TimeSpan.FromSeconds(1))
        {
            return sign + d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }

        var hours = (long)d.TotalHours;
        var text = (hours > 0 ? hours.ToString(CultureInfo.InvariantCulture) + "h" : "")
            + (d.Minutes > 0 ? d.Minutes.ToString(CultureInfo.InvariantCulture) + "m" : "");
        var seconds = d.Seconds + (d.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        if (seconds > 0)
        {
            text += seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        return sign + text;
    }

    private static long UnitInNanoseconds(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1,
        "us" or "µs" or "μs" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => 0,
    };

    private static bool TryToTimeSpan(decimal nanoseconds, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (Math.Abs(nanoseconds) > MaxNanoseconds)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)decimal.Truncate(nanoseconds / NanosecondsPerTick));
        return true;
    }
}
