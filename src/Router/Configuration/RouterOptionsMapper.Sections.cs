using System.Globalization;

namespace Router.Configuration;

/// <summary>Sections whose keys need more than one read: <c>nats</c>, <c>logging</c>, <c>http_rewrite</c>.</summary>
internal static partial class RouterOptionsMapper
{
    private const int DefaultNatsPort = 4222;

    private static readonly (string, string)[] LogLevels =
        [("debug", "debug"), ("info", "info"), ("warn", "warn"), ("error", "error"), ("fatal", "fatal")];

    private static readonly (string, string)[] TimestampFormats = [("unix-epoch", "unix-epoch"), ("rfc3339", "rfc3339")];

    private static readonly (string, string)[] RedactionModes = [("none", "none"), ("all", "all"), ("hash", "hash")];

    /// <summary>The fields Gorouter's older <c>logging.enable_attempts_details</c> switch added to each line.</summary>
    private static readonly IReadOnlyList<string> AttemptsDetailsFields =
        ["failed_attempts", "failed_attempts_time", "dns_time", "dial_time", "tls_time", "backend_time"];

    private static NatsConfig MapNats(ConfigBinder b, NatsConfig d)
    {
        if (b.Peek("nats") is { Kind: ConfigNodeKind.Sequence } legacy)
        {
            return MapLegacyNats(b, legacy, d);
        }

        return new NatsConfig
        {
            Hosts = b.ObjectList("nats.hosts", d.Hosts, MapNatsHost(b), ParseHostPort, "host:port entries"),
            User = b.String("nats.user", d.User),
            Pass = b.String("nats.pass", d.Pass),
            TlsEnabled = b.Bool("nats.tls_enabled", d.TlsEnabled),
            CaCerts = b.String("nats.ca_certs", d.CaCerts),
            CertChain = b.String("nats.cert_chain", d.CertChain),
            PrivateKey = b.String("nats.private_key", d.PrivateKey),
            WarmUp = b.Bool("nats.warm_up", d.WarmUp),
        };
    }

    private static Func<string, ConfigNode, NatsHost> MapNatsHost(ConfigBinder b) => (path, item) =>
    {
        b.WarnUnknownFields(path, item, "hostname", "port");
        return new NatsHost(b.ItemString(path, item, "hostname", ""), b.ItemInt(path, item, "port", DefaultNatsPort));
    };

    /// <summary>
    /// Older Gorouter releases took <c>nats</c> as a list of <c>{host, port, user, pass}</c>; the
    /// credentials of the first entry apply to all, as the NATS client has one set.
    /// </summary>
    private static NatsConfig MapLegacyNats(ConfigBinder b, ConfigNode list, NatsConfig d)
    {
        b.Find("nats");
        b.Warnings.Add($"nats: list form of older Gorouter releases, read as nats.hosts, nats.user and nats.pass ({list.KeyOrigin})");
        var hosts = new List<NatsHost>();
        string? user = null, pass = null;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"nats[{i}]";
            var item = list.Items[i];
            if (item.Kind != ConfigNodeKind.Mapping)
            {
                b.Fail(path, item, "expected a mapping");
                continue;
            }

            b.WarnUnknownFields(path, item, "host", "port", "user", "pass");
            hosts.Add(new NatsHost(b.ItemString(path, item, "host", ""), b.ItemInt(path, item, "port", DefaultNatsPort)));
            user ??= b.ItemString(path, item, "user", d.User);
            pass ??= b.ItemString(path, item, "pass", d.Pass);
        }

        return d with { Hosts = hosts.AsReadOnly(), User = user ?? d.User, Pass = pass ?? d.Pass };
    }

    /// <summary>Parses <c>host:port</c>, <c>host</c> (port 4222) or <c>[ipv6]:port</c>; null when malformed.</summary>
    private static NatsHost? ParseHostPort(string text)
    {
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                return null;
            }

            host = text[1..close];
            port = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }

        if (host.Length == 0 || (host.Contains(':', StringComparison.Ordinal) && !text.StartsWith('[')))
        {
            return null;
        }

        if (port is null)
        {
            return new NatsHost(host, DefaultNatsPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? new NatsHost(host, number) : null;
    }

    private static LoggingOptions MapLogging(ConfigBinder b, LoggingOptions d)
    {
        var options = new LoggingOptions
        {
            Level = b.Choice("logging.level", d.Level, LogLevels),
            Format = new LoggingFormatOptions { Timestamp = b.Choice("logging.format.timestamp", d.Format.Timestamp, TimestampFormats) },
            Json = b.Bool("logging.json", d.Json),
            DisableLogForwardedFor = b.Bool("logging.disable_log_forwarded_for", d.DisableLogForwardedFor),
            DisableLogSourceIp = b.Bool("logging.disable_log_source_ip", d.DisableLogSourceIp),
            RedactQueryParams = b.Choice("logging.redact_query_params", d.RedactQueryParams, RedactionModes),
            ExtraAccessLogFields = b.StringList("logging.extra_access_log_fields", d.ExtraAccessLogFields),
        };

        if (b.Find("logging.enable_attempts_details") is { } legacy && b.Bool("logging.enable_attempts_details", defaultValue: false))
        {
            if (b.IsSet("logging.extra_access_log_fields"))
            {
                b.Warnings.Add($"logging.enable_attempts_details: older switch, replaced by logging.extra_access_log_fields, which is set and wins; ignored ({legacy.KeyOrigin})");
            }
            else
            {
                b.Warnings.Add($"logging.enable_attempts_details: older switch, read as logging.extra_access_log_fields: [{string.Join(", ", AttemptsDetailsFields)}] ({legacy.KeyOrigin})");
                options = options with { ExtraAccessLogFields = AttemptsDetailsFields };
            }
        }

        return options;
    }

    private static HttpRewriteOptions MapHttpRewrite(ConfigBinder b)
    {
        const string Add = "http_rewrite.responses.add_headers_if_not_present";
        const string Remove = "http_rewrite.responses.remove_headers";
        var d = new HttpRewriteResponsesOptions();
        return new HttpRewriteOptions
        {
            Responses = new HttpRewriteResponsesOptions
            {
                AddHeadersIfNotPresent = b.ObjectList(Add, d.AddHeadersIfNotPresent, MapHeader(b, withValue: true), ParseHeader, "Name:Value entries"),
                RemoveHeaders = b.ObjectList(Remove, d.RemoveHeaders, MapHeader(b, withValue: false), ParseHeaderName, "header names"),
            },
        };
    }

    private static Func<string, ConfigNode, HeaderNameValue> MapHeader(ConfigBinder b, bool withValue) => (path, item) =>
    {
        // Gorouter uses one {name, value} type for both lists; remove_headers ignores the value.
        b.WarnUnknownFields(path, item, "name", "value");
        var name = b.ItemString(path, item, "name", "");
        return new HeaderNameValue(name, withValue ? b.ItemString(path, item, "value", "") : "");
    };

    /// <summary>An environment entry <c>Name:Value</c>; the name ends at the first colon, as in HTTP.</summary>
    private static HeaderNameValue? ParseHeader(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : new HeaderNameValue(text[..colon].Trim(), text[(colon + 1)..].Trim());
    }

    private static HeaderNameValue? ParseHeaderName(string text) => new(text, "");
}
