namespace Router.Configuration;

/// <summary>The syslog destination of the access log (<c>logging.syslog*</c>).</summary>
internal static partial class RouterOptionsMapper
{
    private static SyslogOptions MapSyslog(ConfigBinder b, SyslogOptions d) => new()
    {
        Tag = b.String("logging.syslog", d.Tag),
        Address = b.String("logging.syslog_addr", d.Address),
        Network = b.String("logging.syslog_network", d.Network),
        Truncate = b.Int("logging.syslog_truncate", d.Truncate),
    };
}
