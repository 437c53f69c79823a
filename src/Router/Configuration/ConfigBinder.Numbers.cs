using System.Globalization;

namespace Router.Configuration;

/// <summary>Decimal numbers, e.g. a sampling ratio.</summary>
internal sealed partial class ConfigBinder
{
    public double Double(string path, double defaultValue)
    {
        if (Find(path) is not { } node || ScalarText(path, node, "expected a number") is not { } text)
        {
            return defaultValue;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        Fail(path, node, "expected a number");
        return defaultValue;
    }
}
