namespace Router.Metrics;

/// <summary>The access log's syslog stream (<c>access_log.enable_streaming</c>), read at scrape time.</summary>
public sealed partial class RouterMetrics
{
    /// <summary>Lines dropped before reaching the syslog server since start (<c>syslog_dropped_messages</c>, a counter).</summary>
    public Func<long>? SyslogDroppedMessages { get; set; }

    /// <summary>Failed connects, handshakes and writes to the syslog server since start (<c>syslog_connection_failures</c>).</summary>
    public Func<long>? SyslogConnectionFailures { get; set; }
}
