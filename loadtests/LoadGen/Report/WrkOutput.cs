using System.Globalization;
using System.Text.RegularExpressions;

namespace LoadGen.Report;

/// <summary>The figures of one <c>wrk --latency</c> run, read from its text output.</summary>
internal sealed partial record WrkOutput(double RequestsPerSecond, double Requests, double P50Us, double P90Us, double P99Us, double SocketErrors, double Non2xx)
{
    public static WrkOutput? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string text = File.ReadAllText(path);
        Match rate = RateLine().Match(text);
        Match total = RequestsLine().Match(text);
        if (!rate.Success || !total.Success)
        {
            return null;
        }

        double errors = 0;
        Match socketErrors = SocketErrorsLine().Match(text);
        if (socketErrors.Success)
        {
            for (int group = 1; group <= 4; group++)
            {
                errors += Parse(socketErrors.Groups[group].Value);
            }
        }

        Match non2xx = Non2xxLine().Match(text);
        return new WrkOutput(
            Parse(rate.Groups[1].Value),
            Parse(total.Groups[1].Value),
            Percentile(text, "50"),
            Percentile(text, "90"),
            Percentile(text, "99"),
            errors,
            non2xx.Success ? Parse(non2xx.Groups[1].Value) : 0);
    }

    private static double Percentile(string text, string percent)
    {
        Match match = Regex.Match(text, $@"^\s+{percent}%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return double.NaN;
        }

        double value = Parse(match.Groups[1].Value);
        return match.Groups[2].Value switch
        {
            "us" => value,
            "ms" => value * 1e3,
            "s" => value * 1e6,
            _ => value * 60e6,
        };
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"^\s+([0-9]+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: ([0-9]+)")]
    private static partial Regex Non2xxLine();
}
