using System.Globalization;

namespace RouteEmitterClient.CommandLine;

/// <summary>
/// The sidecar's command line: flags in <c>--name value</c> or <c>--name=value</c> form, repeatable where a list is
/// meant (<c>--uri</c>, <c>--nats</c>, <c>--tag</c>). Every problem is collected, not just the first.
/// </summary>
internal sealed class SidecarArguments
{
    public const string Usage = """
        usage: RouteEmitterClient --nats nats://127.0.0.1:4222 --host 127.0.0.1 --port 5000 --uri app.example.com [options]
               RouteEmitterClient --config emitter.yaml [options that override the file]

        Registers a backend's routes with the routers over NATS and keeps them registered until SIGTERM or
        SIGINT, then unregisters them.

          --config PATH                YAML file with the settings below (keys: see README.md)
          --nats URL                   NATS server, nats://[user:pass@]host:port; repeatable (default nats://127.0.0.1:4222)
          --nats-user USER             NATS user when the URL carries none
          --nats-pass PASSWORD         NATS password when the URL carries none
          --nats-tls                   require TLS to NATS
          --nats-ca-certs PATH         PEM CA certificates for the NATS server
          --nats-cert-chain PATH       PEM client certificate for NATS (with --nats-private-key)
          --nats-private-key PATH      PEM private key of the client certificate
          --host ADDRESS               address the router dials to reach the backend (required)
          --port PORT                  backend's HTTP port (required unless --tls-port)
          --tls-port PORT              backend's TLS port; the router then dials TLS
          --uri ROUTE                  route, host[/path]; repeatable (at least one)
          --app GUID                   application id (X-CF-ApplicationID)
          --instance-id ID             instance id (X-CF-InstanceID, sticky-session cookie value)
          --index N                    instance index (X-CF-InstanceIndex)
          --tag KEY=VALUE              tag; repeatable
          --route-service-url URL      https route service for the routes
          --isolation-segment NAME     isolation segment
          --stale-threshold SECONDS    per-endpoint TTL (0 = the router's)
          --load-balancing ALGORITHM   round-robin or least-connection
          --availability-zone ZONE     availability zone of the backend
          --server-cert-domain-san SAN name in the backend's certificate
          --protocol PROTOCOL          http1 (default) or http2
          --interval DURATION          heartbeat until a router states its interval (default 20s)
          --greet-timeout DURATION     wait for a router's router.greet answer (default 2s)
          --log-level LEVEL            debug, info (default), warn or error
          -h, --help                   show this help

        Exit status: 0 after a clean stop, 1 when NATS cannot be reached, 2 for invalid arguments or settings.
        """;

    private static readonly Dictionary<string, Action<EmitterSettings, string, List<string>>> ValueFlags = new(StringComparer.Ordinal)
    {
        ["--nats"] = (s, v, _) => Nats(s).Servers = [.. Nats(s).Servers ?? [], .. v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        ["--nats-user"] = (s, v, _) => Nats(s).User = v,
        ["--nats-pass"] = (s, v, _) => Nats(s).Pass = v,
        ["--nats-ca-certs"] = (s, v, _) => Nats(s).CaCerts = v,
        ["--nats-cert-chain"] = (s, v, _) => Nats(s).CertChain = v,
        ["--nats-private-key"] = (s, v, _) => Nats(s).PrivateKey = v,
        ["--host"] = (s, v, _) => s.Host = v,
        ["--port"] = (s, v, e) => s.Port = Integer("--port", v, e),
        ["--tls-port"] = (s, v, e) => s.TlsPort = Integer("--tls-port", v, e),
        ["--uri"] = (s, v, _) => s.Uris = [.. s.Uris ?? [], v],
        ["--app"] = (s, v, _) => s.App = v,
        ["--instance-id"] = (s, v, _) => s.PrivateInstanceId = v,
        ["--index"] = (s, v, e) => s.PrivateInstanceIndex = Integer("--index", v, e),
        ["--tag"] = AddTag,
        ["--route-service-url"] = (s, v, _) => s.RouteServiceUrl = v,
        ["--isolation-segment"] = (s, v, _) => s.IsolationSegment = v,
        ["--stale-threshold"] = (s, v, e) => s.StaleThresholdInSeconds = Integer("--stale-threshold", v, e),
        ["--load-balancing"] = (s, v, _) => s.LoadBalancing = v,
        ["--availability-zone"] = (s, v, _) => s.AvailabilityZone = v,
        ["--server-cert-domain-san"] = (s, v, _) => s.ServerCertDomainSan = v,
        ["--protocol"] = (s, v, _) => s.Protocol = v,
        ["--interval"] = (s, v, _) => s.RegisterInterval = v,
        ["--greet-timeout"] = (s, v, _) => s.GreetTimeout = v,
        ["--log-level"] = (s, v, _) => s.LogLevel = v,
    };

    private SidecarArguments(EmitterSettings settings, string? configPath, bool showHelp, IReadOnlyList<string> errors)
    {
        Settings = settings;
        ConfigPath = configPath;
        ShowHelp = showHelp;
        Errors = errors;
    }

    /// <summary>What the flags set; overrides the configuration file.</summary>
    public EmitterSettings Settings { get; }

    /// <summary>The <c>--config</c> file, if given.</summary>
    public string? ConfigPath { get; }

    /// <summary><c>-h</c> or <c>--help</c> was given.</summary>
    public bool ShowHelp { get; }

    /// <summary>Unknown flags, missing values and values of the wrong type.</summary>
    public IReadOnlyList<string> Errors { get; }

    public static SidecarArguments Parse(IReadOnlyList<string> args)
    {
        var settings = new EmitterSettings();
        var errors = new List<string>();
        string? configPath = null;
        var showHelp = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            var name = equals > 0 ? arg[..equals] : arg;
            string? inlineValue = equals > 0 ? arg[(equals + 1)..] : null;
            switch (name)
            {
                case "-h" or "--help":
                    showHelp = true;
                    continue;
                case "--nats-tls":
                    Nats(settings).TlsEnabled = inlineValue is null || Boolean(name, inlineValue, errors);
                    continue;
            }

            var isConfig = name == "--config";
            if (!isConfig && !ValueFlags.ContainsKey(name))
            {
                errors.Add(name.StartsWith('-') ? $"unknown option {name}" : $"unexpected argument '{arg}'");
                continue;
            }

            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    errors.Add($"{name} needs a value");
                    continue;
                }

                value = args[++i];
            }

            if (isConfig)
            {
                configPath = value;
            }
            else
            {
                ValueFlags[name](settings, value, errors);
            }
        }

        return new SidecarArguments(settings, configPath, showHelp, errors);
    }

    private static NatsSettings Nats(EmitterSettings settings) => settings.Nats ??= new NatsSettings();

    private static int? Integer(string name, string value, List<string> errors)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add($"{name}: expected a whole number, got '{value}'");
        return null;
    }

    private static bool Boolean(string name, string value, List<string> errors)
    {
        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        errors.Add($"{name}: expected true or false, got '{value}'");
        return false;
    }

    private static void AddTag(EmitterSettings settings, string value, List<string> errors)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            errors.Add($"--tag: expected KEY=VALUE, got '{value}'");
            return;
        }

        settings.Tags ??= new Dictionary<string, string>(StringComparer.Ordinal);
        settings.Tags[value[..equals]] = value[(equals + 1)..];
    }
}
