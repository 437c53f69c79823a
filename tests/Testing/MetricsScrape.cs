using System.Globalization;

namespace Router.Testing;

/// <summary>One scrape of the router's <c>/metrics</c>: sample name with labels -> value.</summary>
public sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _samples;

    private MetricsScrape(string text, Dictionary<string, double> samples)
    {
        Text = text;
        _samples = samples;
    }

    /// <summary>The exposition as served.</summary>
    public string Text { get; }

    public static async Task<MetricsScrape> FetchAsync(int port)
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return new MetricsScrape(text, samples);
    }

    /// <summary>
    /// Scrapes until <paramref name="condition"/> holds and returns that scrape. Counters move just after the change
    /// they count (a route enters the table, then its registration is counted), so a test that has seen the change
    /// waits for the counter too.
    /// </summary>
    public static async Task<MetricsScrape> UntilAsync(int port, string what, Func<MetricsScrape, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        MetricsScrape? last = null;
        await Eventually.Until(what, async () => condition(last = await FetchAsync(port)));
        return last!;
    }

    /// <summary>The value of a sample such as <c>bad_gateways</c> or <c>total_requests{component=""}</c>; 0 when absent.</summary>
    public double Value(string sample) => _samples.GetValueOrDefault(sample);

    /// <summary>Sum of every sample of a metric family, whatever its labels (histogram series excluded).</summary>
    public double Sum(string name) => _samples
        .Where(s => s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal))
        .Sum(s => s.Value);

    /// <summary>True when the exposition declares <paramref name="name"/> with the given type.</summary>
    public bool HasType(string name, string type) => Text.Contains($"# TYPE {name} {type}\n", StringComparison.Ordinal);
}
