namespace Router.Configuration;

/// <summary>Process logging and access-log privacy settings (<c>logging.*</c>, docs/gorouter-compatibility.md §8.4).</summary>
public sealed record LoggingOptions
{
    /// <summary>
    /// Minimum level logged (<c>logging.level</c>): <c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c> or
    /// <c>fatal</c>. Default <c>info</c> (Gorouter's Go default is <c>debug</c>; BOSH sets <c>info</c>).
    /// </summary>
    public string Level { get; init; } = "info";

    /// <summary>Log line formatting (<c>logging.format</c>).</summary>
    public LoggingFormatOptions Format { get; init; } = new();

    /// <summary>Write process logs to the console as JSON (<c>logging.json</c>, a key of this router). Default false.</summary>
    public bool Json { get; init; }

    /// <summary>Omit <c>X-Forwarded-For</c> from access-log lines (<c>logging.disable_log_forwarded_for</c>). Default false.</summary>
    public bool DisableLogForwardedFor { get; init; }

    /// <summary>Omit the client address from access-log lines (<c>logging.disable_log_source_ip</c>). Default false.</summary>
    public bool DisableLogSourceIp { get; init; }

    /// <summary>
    /// Query-string redaction in access-log lines for GET requests (<c>logging.redact_query_params</c>):
    /// <c>none</c>, <c>all</c> or <c>hash</c> (SHA-1 of the query). Default <c>none</c>.
    /// </summary>
    public string RedactQueryParams { get; init; } = "none";

    /// <summary>
    /// Extra access-log fields, written in this order (<c>logging.extra_access_log_fields</c>): any of
    /// <c>backend_time</c>, <c>dial_time</c>, <c>dns_time</c>, <c>failed_attempts</c>,
    /// <c>failed_attempts_time</c>, <c>local_address</c>, <c>tls_time</c>. Default none.
    /// </summary>
    public IReadOnlyList<string> ExtraAccessLogFields { get; init; } = [];
}
