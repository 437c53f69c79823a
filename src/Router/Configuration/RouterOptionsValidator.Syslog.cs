namespace Router.Configuration;

/// <summary>
/// The syslog destination must make sense before the first line is streamed: Gorouter refuses a network it does
/// not know at start-up (<c>accesslog/syslog/syslog.go</c>). Checked only with <c>access_log.enable_streaming</c>.
/// </summary>
internal static partial class RouterOptionsValidator
{
    /// <summary>The values of <c>logging.syslog_network</c>: Go's network names, plus <c>tls</c> (RFC 5425).</summary>
    public static readonly IReadOnlyList<string> SyslogNetworks = ["udp", "udp4", "udp6", "tcp", "tcp4", "tcp6", "tls"];

    /// <summary>RFC 5424 §6.2.5: APP-NAME is at most 48 printable US-ASCII characters.</summary>
    private const int MaxSyslogTagLength = 48;

    private static void ValidateSyslog(List<ConfigError> errors, RouterOptions o)
    {
        if (!o.AccessLog.EnableStreaming)
        {
            return;
        }

        var syslog = o.Syslog;
        string[] related = ["access_log.enable_streaming"];
        if (!SyslogNetworks.Contains(syslog.Network, StringComparer.Ordinal))
        {
            errors.Add(new ConfigError(
                "logging.syslog_network",
                $"must be one of {string.Join(", ", SyslogNetworks)}, got {ConfigNode.Quote(syslog.Network)}",
                related));
        }

        if (!SyslogAddress.TryParse(syslog.Address, out _))
        {
            errors.Add(new ConfigError(
                "logging.syslog_addr",
                $"must be host:port with a port from 1 to 65535 (an IPv6 host in brackets), got {ConfigNode.Quote(syslog.Address)}",
                related));
        }

        if (syslog.Tag.Length > MaxSyslogTagLength || syslog.Tag.Any(c => c is <= ' ' or > '~'))
        {
            errors.Add(new ConfigError(
                "logging.syslog",
                $"must be at most {MaxSyslogTagLength} printable ASCII characters without spaces (RFC 5424 APP-NAME), got {ConfigNode.Quote(syslog.Tag)}",
                related));
        }

        AtLeastZero(errors, "logging.syslog_truncate", syslog.Truncate);
    }
}
