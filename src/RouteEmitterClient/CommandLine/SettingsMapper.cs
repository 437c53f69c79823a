using Conventions;
using Microsoft.Extensions.Logging;

namespace RouteEmitterClient.CommandLine;

/// <summary>
/// Turns <see cref="EmitterSettings"/> into <see cref="RouteEmitterOptions"/>, collecting every problem: values that
/// do not convert (URLs, durations, log level) here, the rest through <see cref="RouteEmitterOptionsValidator"/>.
/// </summary>
internal static class SettingsMapper
{
    public static RouteEmitterOptions? ToOptions(EmitterSettings settings, out LogLevel logLevel, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var options = new RouteEmitterOptions
        {
            Host = settings.Host ?? "",
            Port = settings.Port ?? 0,
            TlsPort = settings.TlsPort ?? 0,
            Uris = [.. settings.Uris ?? []],
            App = settings.App ?? "",
            PrivateInstanceId = settings.PrivateInstanceId ?? "",
            PrivateInstanceIndex = settings.PrivateInstanceIndex,
            Tags = new Dictionary<string, string>(settings.Tags ?? [], StringComparer.Ordinal),
            RouteServiceUrl = settings.RouteServiceUrl ?? "",
            IsolationSegment = settings.IsolationSegment ?? "",
            StaleThresholdInSeconds = settings.StaleThresholdInSeconds ?? 0,
            LoadBalancing = settings.LoadBalancing ?? "",
            AvailabilityZone = settings.AvailabilityZone ?? "",
            ServerCertDomainSan = settings.ServerCertDomainSan ?? "",
            Protocol = settings.Protocol ?? "http1",
        };

        var nats = settings.Nats ?? new NatsSettings();
        foreach (var server in nats.Servers ?? [])
        {
            if (Uri.TryCreate(server, UriKind.Absolute, out var uri))
            {
                options.NatsServers.Add(uri);
            }
            else
            {
                problems.Add($"nats: '{server}' is not a URL such as nats://127.0.0.1:4222.");
            }
        }

        options.NatsUser = NullIfEmpty(nats.User);
        options.NatsPassword = NullIfEmpty(nats.Pass);
        options.NatsTlsEnabled = nats.TlsEnabled ?? false;
        options.NatsCaCertsPath = NullIfEmpty(nats.CaCerts);
        options.NatsClientCertPath = NullIfEmpty(nats.CertChain);
        options.NatsClientKeyPath = NullIfEmpty(nats.PrivateKey);
        if ((options.NatsClientCertPath is null) != (options.NatsClientKeyPath is null))
        {
            problems.Add("nats: cert_chain and private_key must be given together.");
        }

        options.DefaultRegisterInterval = Duration("register_interval (--interval)", settings.RegisterInterval, options.DefaultRegisterInterval, problems);
        options.GreetTimeout = Duration("greet_timeout (--greet-timeout)", settings.GreetTimeout, options.GreetTimeout, problems);
        logLevel = Level(settings.LogLevel, problems);

        problems.AddRange(RouteEmitterOptionsValidator.Validate(options));
        errors = problems;
        return problems.Count == 0 ? options : null;
    }

    private static TimeSpan Duration(string name, string? text, TimeSpan fallback, List<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (DurationParser.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        problems.Add($"{name}: expected a positive duration such as 20s, 500ms or 1m, got '{text}'.");
        return fallback;
    }

    private static LogLevel Level(string? text, List<string> problems)
    {
        switch (text?.ToUpperInvariant())
        {
            case null or "INFO" or "INFORMATION":
                return LogLevel.Information;
            case "DEBUG":
                return LogLevel.Debug;
            case "WARN" or "WARNING":
                return LogLevel.Warning;
            case "ERROR":
                return LogLevel.Error;
            default:
                problems.Add($"log_level (--log-level): must be debug, info, warn or error, got '{text}'.");
                return LogLevel.Information;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
