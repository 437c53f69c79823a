namespace Router.Configuration;

/// <summary>
/// Where access-log lines are streamed when <c>access_log.enable_streaming</c> is true (<c>logging.syslog*</c>,
/// docs/gorouter-compatibility.md §8.4; Gorouter <c>config/config.go</c>). Read only when streaming is on.
/// </summary>
public sealed record SyslogOptions
{
    /// <summary>
    /// The APP-NAME of every syslog message (<c>logging.syslog</c>): printable ASCII without spaces, at most 48
    /// characters. Default empty, written as <c>-</c> (BOSH sets <c>vcap.gorouter</c>).
    /// </summary>
    public string Tag { get; init; } = "";

    /// <summary>The syslog server as <c>host:port</c> (<c>logging.syslog_addr</c>). Default <c>127.0.0.1:514</c>.</summary>
    public string Address { get; init; } = "127.0.0.1:514";

    /// <summary>
    /// Transport (<c>logging.syslog_network</c>): <c>udp</c> (RFC 5426), <c>tcp</c> (RFC 6587 octet counting) or
    /// <c>tls</c> (RFC 5425, a value of this router); <c>udp4</c>, <c>udp6</c>, <c>tcp4</c>, <c>tcp6</c> pin the
    /// address family. Default <c>udp</c>.
    /// </summary>
    public string Network { get; init; } = "udp";

    /// <summary>
    /// Cut each syslog message's line to this many bytes (<c>logging.syslog_truncate</c>). Default 0 = no cut.
    /// </summary>
    public int Truncate { get; init; }
}
