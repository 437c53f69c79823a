using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Router.Tests.Metrics;

/// <summary>One sample line: metric name, labels, value.</summary>
internal sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A family as declared by its <c># TYPE</c> line, with its samples in page order.</summary>
internal sealed class ParsedFamily(string name, string type, string? help)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string? Help { get; } = help;

    public List<ParsedSample> Samples { get; } = [];
}

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, written for these tests: it throws
/// <see cref="FormatException"/> on anything a Prometheus server would reject or that the format forbids
/// (sample before its TYPE, a family declared twice, a repeated series, bad escapes, a histogram whose buckets
/// are not cumulative, lack <c>+Inf</c>, or disagree with <c>_count</c>).
/// </summary>
internal static partial class PrometheusTextParser
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<ParsedFamily> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("The page must end with a line feed.");
        }

        var families = new List<ParsedFamily>();
        var byName = new Dictionary<string, ParsedFamily>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenSeries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n')[..^1])
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var (name, help) = SplitFirst(line["# HELP ".Length..]);
                RequireName(name);
                if (byName.ContainsKey(name) || !helps.TryAdd(name, Unescape(help, allowQuote: false)))
                {
                    throw new FormatException($"HELP for {name} repeated or after its samples.");
                }
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var (name, type) = SplitFirst(line["# TYPE ".Length..]);
                RequireName(name);
                if (!Types.Contains(type) || byName.ContainsKey(name))
                {
                    throw new FormatException($"Bad or repeated TYPE line: {line}");
                }

                var family = new ParsedFamily(name, type, helps.GetValueOrDefault(name));
                families.Add(family);
                byName.Add(name, family);
            }
            else if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }
            else
            {
                var sample = ParseSample(line);
                var family = FamilyOf(sample.Name, byName)
                    ?? throw new FormatException($"Sample {sample.Name} has no TYPE line before it.");
                if (!ReferenceEquals(family, families[^1]))
                {
                    throw new FormatException($"Sample {sample.Name} is not grouped with its family.");
                }

                var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)) + "}";
                if (!seenSeries.Add(key))
                {
                    throw new FormatException($"Series repeated: {key}");
                }

                family.Samples.Add(sample);
            }
        }

        foreach (var family in families.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(family);
        }

        return families;
    }

    private static ParsedFamily? FamilyOf(string sampleName, Dictionary<string, ParsedFamily> byName)
    {
        if (byName.TryGetValue(sampleName, out var family) && family.Type != "histogram")
        {
            return family;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && byName.TryGetValue(sampleName[..^suffix.Length], out var histogram)
                && histogram.Type == "histogram")
            {
                return histogram;
            }
        }

        return null;
    }

    private static void CheckHistogram(ParsedFamily family)
    {
        var series = family.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal)));
        foreach (var group in series)
        {
            var buckets = group.Where(s => s.Name == family.Name + "_bucket").ToList();
            var count = group.SingleOrDefault(s => s.Name == family.Name + "_count")
                ?? throw new FormatException($"{family.Name}{{{group.Key}}} has no _count.");
            _ = group.SingleOrDefault(s => s.Name == family.Name + "_sum")
                ?? throw new FormatException($"{family.Name}{{{group.Key}}} has no _sum.");
            if (buckets.Count == 0 || buckets[^1].Labels["le"] != "+Inf")
            {
                throw new FormatException($"{family.Name}{{{group.Key}}} does not end with le=\"+Inf\".");
            }

            for (var i = 1; i < buckets.Count; i++)
            {
                if (ParseValue(buckets[i].Labels["le"]) <= ParseValue(buckets[i - 1].Labels["le"]) || buckets[i].Value < buckets[i - 1].Value)
                {
                    throw new FormatException($"{family.Name}{{{group.Key}}} buckets are not increasing and cumulative.");
                }
            }

            if (count.Value != buckets[^1].Value)
            {
                throw new FormatException($"{family.Name}{{{group.Key}}}: _count {count.Value} != +Inf bucket {buckets[^1].Value}.");
            }
        }
    }

    private static ParsedSample ParseSample(string line)
    {
        var match = SampleName().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"Bad metric name: {line}");
        }

        var name = match.Value;
        var position = name.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var labelName = LabelName().Match(line, position);
                if (!labelName.Success || labelName.Index != position || line[position + labelName.Length] != '=' || line[position + labelName.Length + 1] != '"')
                {
                    throw new FormatException($"Bad label at {position}: {line}");
                }

                position += labelName.Length + 2;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        value.Append(line[position + 1] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"Bad escape in label value: {line}"),
                        });
                        position += 2;
                    }
                    else
                    {
                        value.Append(line[position++]);
                    }
                }

                position++;
                if (!labels.TryAdd(labelName.Value, value.ToString()))
                {
                    throw new FormatException($"Label {labelName.Value} repeated: {line}");
                }

                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        if (position >= line.Length || line[position] != ' ')
        {
            throw new FormatException($"Expected a space before the value: {line}");
        }

        var parts = line[(position + 1)..].Split(' ');
        if (parts.Length > 2 || (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"Bad value or timestamp: {line}");
        }

        return new ParsedSample(name, labels, ParseValue(parts[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Bad number: {text}"),
    };

    private static string Unescape(string text, bool allowQuote)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            result.Append(text[++i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when allowQuote => '"',
                _ => throw new FormatException($"Bad escape: {text}"),
            });
        }

        return result.ToString();
    }

    private static (string Head, string Tail) SplitFirst(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? throw new FormatException($"Expected two fields: {text}") : (text[..space], text[(space + 1)..]);
    }

    private static void RequireName(string name)
    {
        var match = SampleName().Match(name);
        if (!match.Success || match.Length != name.Length)
        {
            throw new FormatException($"Bad metric name: {name}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();

    [GeneratedRegex("[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
