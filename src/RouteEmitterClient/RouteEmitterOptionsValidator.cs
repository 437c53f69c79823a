using System.Globalization;

namespace RouteEmitterClient;

/// <summary>
/// Checks <see cref="RouteEmitterOptions"/> once and reports every problem together. Gorouter accepts almost any
/// registration (docs/gorouter-compatibility.md §1.3), so these checks catch what would register silently but never route: a missing
/// address, a route with a scheme or a port, an <c>http</c> route service.
/// </summary>
internal static partial class RouteEmitterOptionsValidator
{
    private const int MaxPort = ushort.MaxValue;

    // Task.Delay accepts at most this.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Throws <see cref="ArgumentException"/> naming every problem, one per line.</summary>
    public static void ThrowIfInvalid(RouteEmitterOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "Invalid route emitter options:" + Environment.NewLine + string.Join(Environment.NewLine, errors),
                nameof(options));
        }
    }

    public static IReadOnlyList<string> Validate(RouteEmitterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var server in options.NatsServers ?? [])
        {
            if (server is null || !server.IsAbsoluteUri || server.Scheme is not ("nats" or "tls") || string.IsNullOrEmpty(server.Host))
            {
                errors.Add($"nats: '{server}' is not a nats://host:port or tls://host:port URL.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("host: the address the router dials to reach this backend is required.");
        }
        else if (Uri.CheckHostName(options.Host) == UriHostNameType.Unknown)
        {
            errors.Add($"host: '{options.Host}' is not an IP address or host name.");
        }

        CheckPort(errors, "port", options.Port);
        CheckPort(errors, "tls_port", options.TlsPort);
        if (options.Port == 0 && options.TlsPort == 0)
        {
            errors.Add("port: a port (or tls_port) from 1 to 65535 is required.");
        }

        CheckUris(errors, options.Uris);
        if (options.PrivateInstanceIndex < 0)
        {
            errors.Add($"private_instance_index: must be 0 or more, got {options.PrivateInstanceIndex}.");
        }

        foreach (var key in (options.Tags ?? new Dictionary<string, string>()).Keys)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                errors.Add("tags: a tag name must not be empty.");
            }
        }

        CheckRouteServiceUrl(errors, options.RouteServiceUrl);
        if (options.StaleThresholdInSeconds < 0)
        {
            errors.Add($"stale_threshold_in_seconds: must be 0 (the router's threshold) or more, got {options.StaleThresholdInSeconds}.");
        }

        if (options.LoadBalancing is not (null or "" or "round-robin" or "least-connection"))
        {
            errors.Add($"load_balancing: must be round-robin or least-connection (or empty), got '{options.LoadBalancing}'.");
        }

        if (options.Protocol is not (null or "" or "http1" or "http2"))
        {
            errors.Add($"protocol: must be http1 or http2, got '{options.Protocol}'.");
        }

        CheckDuration(errors, "register_interval", options.DefaultRegisterInterval);
        CheckDuration(errors, "greet_timeout", options.GreetTimeout);
        CheckNatsTls(errors, options);
        return errors;
    }

    /// <summary>
    /// A route is <c>host[/path]</c> (docs/gorouter-compatibility.md §2.1): no scheme, no port (a port in a route never matches, because
    /// lookups strip it), no spaces, and <c>*</c> only as a whole leading label.
    /// </summary>
    internal static string? CheckRoute(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return "a route must not be empty";
        }

        if (uri.Contains("://", StringComparison.Ordinal))
        {
            return $"'{uri}' has a scheme; a route is host[/path], e.g. app.example.com/api";
        }

        if (uri.Any(char.IsWhiteSpace) || uri.Any(char.IsControl))
        {
            return $"'{uri}' contains white space or control characters";
        }

        var slash = uri.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? uri : uri[..slash];
        if (host.Length == 0)
        {
            return $"'{uri}' has no host";
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return $"'{uri}' has a port; routes never match a port, register the host alone";
        }

        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (Uri.CheckHostName(name) == UriHostNameType.Unknown)
        {
            return $"'{uri}' does not start with a valid host name";
        }

        return null;
    }

    private static void CheckUris(List<string> errors, IList<string>? uris)
    {
        if (uris is null || uris.Count == 0)
        {
            errors.Add("uris: at least one route (host[/path]) is required.");
            return;
        }

        foreach (var uri in uris)
        {
            if (CheckRoute(uri) is { } problem)
            {
                errors.Add($"uris: {problem}.");
            }
        }
    }

    private static void CheckRouteServiceUrl(List<string> errors, string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return;
        }

        // Gorouter drops a registration whose route service URL does not start with "https" (docs/gorouter-compatibility.md §1.3).
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps
            || !url.StartsWith("https", StringComparison.Ordinal))
        {
            errors.Add($"route_service_url: must be an https:// URL, got '{url}'.");
        }
    }

    private static void CheckPort(List<string> errors, string name, int port)
    {
        if (port is < 0 or > MaxPort)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: must be from 1 to 65535, got {port}."));
        }
    }

    private static void CheckDuration(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxDuration)
        {
            errors.Add($"{name}: must be more than zero and at most {MaxDuration.TotalDays:0} days, got {value}.");
        }
    }
}
