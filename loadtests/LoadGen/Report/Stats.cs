using System.Globalization;

namespace LoadGen.Report;

/// <summary>Median and spread of one figure across rounds, ignoring missing values.</summary>
internal readonly record struct Spread(double Median, double Min, double Max, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Where(double.IsFinite).Order()];
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN, 0);
        }

        int middle = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }
}

/// <summary>Number formatting shared by the report tables (invariant culture, "—" for missing).</summary>
internal static class Format
{
    public const string Missing = "—";

    public static string Integer(double value) =>
        double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : Missing;

    public static string Fixed(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : Missing;

    /// <summary>A latency given in microseconds, shown in ms with three significant digits.</summary>
    public static string Ms(double microseconds)
    {
        if (!double.IsFinite(microseconds))
        {
            return Missing;
        }

        double ms = microseconds / 1000;
        string text = ms switch
        {
            < 1 => ms.ToString("0.000", CultureInfo.InvariantCulture),
            < 10 => ms.ToString("0.00", CultureInfo.InvariantCulture),
            < 100 => ms.ToString("0.0", CultureInfo.InvariantCulture),
            _ => ms.ToString("0", CultureInfo.InvariantCulture),
        };
        return text + " ms";
    }

    /// <summary>Median with the min–max range across rounds when there was more than one.</summary>
    public static string WithSpread(Spread spread, Func<double, string> format) =>
        spread.Count switch
        {
            0 => Missing,
            1 => format(spread.Median),
            _ => $"{format(spread.Median)} ({format(spread.Min)}–{format(spread.Max)})",
        };

    public static string Ratio(double value, double reference) =>
        double.IsFinite(value) && double.IsFinite(reference) && reference != 0 ? (value / reference).ToString("0.00", CultureInfo.InvariantCulture) + "×" : Missing;

    public static string Percent(double value, double reference) =>
        double.IsFinite(value) && double.IsFinite(reference) && reference != 0 ? (value / reference * 100).ToString("0.0", CultureInfo.InvariantCulture) : Missing;

    public static string MegaBytes(double kilobytes) =>
        double.IsFinite(kilobytes) ? (kilobytes / 1024).ToString("0", CultureInfo.InvariantCulture) + " MB" : Missing;
}
