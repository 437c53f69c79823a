using System.Text;
using Router.Metrics;

namespace Router.Tests.Metrics;

/// <summary>A scraped and parsed metrics page, with look-ups by name and labels.</summary>
internal sealed class MetricsPage
{
    private MetricsPage(string text, IReadOnlyList<ParsedFamily> families)
    {
        Text = text;
        Families = families;
    }

    public string Text { get; }

    public IReadOnlyList<ParsedFamily> Families { get; }

    public static async Task<MetricsPage> ScrapeAsync(RouterMetrics metrics)
    {
        using var buffer = new MemoryStream();
        await metrics.WriteToAsync(buffer);
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return new MetricsPage(text, PrometheusTextParser.Parse(text));
    }

    public ParsedFamily Family(string name) => Families.Single(f => f.Name == name);

    /// <summary>The value of the one sample with exactly these labels, or null when there is none.</summary>
    public double? Value(string sampleName, params (string Name, string Value)[] labels) =>
        Families.SelectMany(f => f.Samples)
            .SingleOrDefault(s => s.Name == sampleName && s.Labels.Count == labels.Length
                && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            ?.Value;

    /// <summary>Cumulative bucket counts of a histogram series, keyed by the <c>le</c> label.</summary>
    public Dictionary<string, double> Buckets(string histogram, params (string Name, string Value)[] labels) =>
        Family(histogram).Samples
            .Where(s => s.Name == histogram + "_bucket" && s.Labels.Count == labels.Length + 1
                && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            .ToDictionary(s => s.Labels["le"], s => s.Value);
}
