namespace Router.AccessLog;

/// <summary>
/// The fixed parts of a streamed access-log message (docs/gorouter-compatibility.md §8.4). The header follows
/// Gorouter's writer (<c>accesslog/syslog/syslog.go</c>): RFC 5424 version 1, facility user and severity info
/// (PRI 14), the machine's host name, <c>logging.syslog</c> as APP-NAME, the process id as PROCID, no MSGID, and
/// a byte-order mark before the line. The structured data of a line for an app carries the tags Cloud Foundry's log
/// system puts on the router's app logs (loggregator-agent's RFC 5424 egress, <c>tags@47450</c>; Gorouter
/// <c>accesslog/dropsonde_logsender.go</c> sends them as source type <c>RTR</c>).
/// </summary>
internal static class SyslogWireFormat
{
    /// <summary>PRI for facility user (1) and severity informational (6): 1 × 8 + 6.</summary>
    public static ReadOnlySpan<byte> PriorityAndVersion => "<14>1 "u8;

    /// <summary>RFC 5424 NILVALUE.</summary>
    public static ReadOnlySpan<byte> Nil => "-"u8;

    /// <summary>RFC 5424 §6.4: a message that starts with a byte-order mark is UTF-8.</summary>
    public static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The SD-ID Cloud Foundry's log system writes its tags under (IANA enterprise number 47450).</summary>
    public const string TagsId = "tags@47450";

    /// <summary>SD-PARAM: the app's guid (the registration's <c>app</c>).</summary>
    public const string AppId = "app_id";

    /// <summary>SD-PARAM: which instance of the source sent the log; for the router, its <c>index</c>.</summary>
    public const string InstanceId = "instance_id";

    /// <summary>SD-PARAM: the component that produced the log.</summary>
    public const string Origin = "origin";

    /// <summary>SD-PARAM: the log's source type; <see cref="RouterSourceType"/> for the router's lines.</summary>
    public const string SourceType = "source_type";

    /// <summary>Value of <see cref="Origin"/>.</summary>
    public const string RouterOrigin = "gorouter";

    /// <summary>Value of <see cref="SourceType"/>, as Gorouter tags access logs it sends to an app's stream.</summary>
    public const string RouterSourceType = "RTR";

    /// <summary>RFC 5424 §6.3.3: an SD-NAME is 1 to 32 printable US-ASCII characters except '=', ' ', ']' and '"'.</summary>
    public const int MaxParamNameLength = 32;

    /// <summary>RFC 5426 §3.2: the largest UDP payload over IPv4 (65,535 − 8 − 20).</summary>
    public const int MaxDatagramBytes = 65_507;
}
