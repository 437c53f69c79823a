namespace Router.Configuration;

/// <summary>Log line formatting (<c>logging.format.*</c>).</summary>
public sealed record LoggingFormatOptions
{
    /// <summary>
    /// Timestamp format of log lines (<c>logging.format.timestamp</c>): <c>unix-epoch</c> (seconds since
    /// 1970 with a fraction) or <c>rfc3339</c>. Default <c>unix-epoch</c>.
    /// </summary>
    public string Timestamp { get; init; } = "unix-epoch";
}
