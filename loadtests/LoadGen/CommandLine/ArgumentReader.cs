using System.Globalization;

namespace LoadGen.CommandLine;

/// <summary>
/// Reads <c>--name value</c> options and bare <c>--flag</c> switches, collecting every problem
/// so one run reports all of them.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);
    private readonly List<string> errors = [];

    public ArgumentReader(IReadOnlyList<string> args, IEnumerable<string> options, IEnumerable<string>? switches = null)
    {
        HashSet<string> knownOptions = new(options, StringComparer.Ordinal);
        HashSet<string> knownSwitches = new(switches ?? [], StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : string.Empty;
            if (knownSwitches.Contains(name))
            {
                flags.Add(name);
            }
            else if (knownOptions.Contains(name) && i + 1 < args.Count)
            {
                if (!values.TryGetValue(name, out List<string>? list))
                {
                    values[name] = list = [];
                }

                list.Add(args[++i]);
            }
            else
            {
                errors.Add(knownOptions.Contains(name) ? $"--{name} needs a value" : $"unknown argument '{args[i]}'");
            }
        }
    }

    /// <summary>Every problem found so far.</summary>
    public IReadOnlyList<string> Errors => errors;

    public bool Flag(string name) => flags.Contains(name);

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out List<string>? list) ? list : [];

    public string? Optional(string name) => values.TryGetValue(name, out List<string>? list) ? list[^1] : null;

    public string Required(string name)
    {
        string? value = Optional(name);
        if (value is null)
        {
            errors.Add($"--{name} is required");
        }

        return value ?? string.Empty;
    }

    public int Int(string name, int fallback, int min, int max)
    {
        string? text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"--{name} must be an integer from {min} to {max}, not '{text}'");
        return fallback;
    }

    public double Double(string name, double fallback, double min, double max)
    {
        string? text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"--{name} must be a number from {min} to {max}, not '{text}'");
        return fallback;
    }

    public TimeSpan Seconds(string name, double fallback, double min, double max) =>
        TimeSpan.FromSeconds(Double(name, fallback, min, max));

    /// <summary>Reads <c>host:port</c>; the host must be an IP address (traffic stays on loopback).</summary>
    public System.Net.IPEndPoint Endpoint(string name, string fallback)
    {
        string text = Optional(name) ?? fallback;
        if (System.Net.IPEndPoint.TryParse(text, out System.Net.IPEndPoint? endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        errors.Add($"--{name} must be ip:port, not '{text}'");
        return new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1);
    }

    /// <summary>Reads an absolute http:// URL whose host is an IP address.</summary>
    public Uri HttpUrl(string name, bool required = true)
    {
        string? text = required ? Required(name) : Optional(name);
        if (text is null)
        {
            return new Uri("http://127.0.0.1/");
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttp
            && System.Net.IPAddress.TryParse(uri.Host, out _))
        {
            return uri;
        }

        if (text.Length > 0)
        {
            errors.Add($"--{name} must be http://<ip>:<port>/..., not '{text}'");
        }

        return new Uri("http://127.0.0.1/");
    }

    public void AddError(string message) => errors.Add(message);
}
