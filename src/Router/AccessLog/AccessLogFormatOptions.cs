using System.Collections.Immutable;
using System.Text;
using Router.Configuration;
using Router.Tracing;

namespace Router.AccessLog;

/// <summary>How to query strings of GET requests are written (<c>logging.redact_query_params</c>).</summary>
internal enum QueryRedaction
{
    /// <summary>As received.</summary>
    None,

    /// <summary>The query is left out.</summary>
    All,

    /// <summary>The query is replaced by <c>hash=&lt;SHA-1 hex of the query&gt;</c>.</summary>
    Hash,
}

/// <summary>Optional fields written between <c>instance_id</c> and <c>x_cf_routererror</c> (<c>logging.extra_access_log_fields</c>).</summary>
internal enum AccessLogExtraField
{
    BackendTime,
    DialTime,
    DnsTime,
    FailedAttempts,
    FailedAttemptsTime,
    LocalAddress,
    TlsTime,
}

/// <summary>What a line contains, beyond the fixed fields (docs/gorouter-compatibility.md §8.4). Immutable; built once at start-up.</summary>
internal sealed class AccessLogFormatOptions
{
    private readonly ImmutableArray<string> _extraHeaders = [];

    /// <summary>Write <c>x_forwarded_for:"-"</c> (<c>logging.disable_log_forwarded_for</c>).</summary>
    public bool DisableLogForwardedFor { get; init; }

    /// <summary>Write <c>"-"</c> for the client address (<c>logging.disable_log_source_ip</c>).</summary>
    public bool DisableLogSourceIp { get; init; }

    public QueryRedaction RedactQueryParams { get; init; }

    /// <summary>Extra fields in the order written; duplicates already removed, as Gorouter does.</summary>
    public ImmutableArray<AccessLogExtraField> ExtraFields { get; init; } = [];

    /// <summary>Request headers appended as <c>name:"value"</c> (<c>extra_headers_to_log</c>), as configured.</summary>
    public ImmutableArray<string> ExtraHeaders
    {
        get => _extraHeaders;
        init
        {
            _extraHeaders = value;
            ExtraHeaderLogNames = value.Select(LogName).ToImmutableArray();
        }
    }

    /// <summary>The UTF-8 names of <see cref="ExtraHeaders"/> in the line: lower case, <c>-</c> turned into <c>_</c>.</summary>
    public ImmutableArray<byte[]> ExtraHeaderLogNames { get; private init; } = [];

    /// <summary>Builds the options from the router's configuration; throws on a value validation should have refused.</summary>
    public static AccessLogFormatOptions From(RouterOptions options)
    {
        var logging = options.Logging;
        return new AccessLogFormatOptions
        {
            DisableLogForwardedFor = logging.DisableLogForwardedFor,
            DisableLogSourceIp = logging.DisableLogSourceIp,
            RedactQueryParams = ParseRedaction(logging.RedactQueryParams),
            ExtraFields = logging.ExtraAccessLogFields.Select(ParseExtraField).Distinct().ToImmutableArray(),
            ExtraHeaders = [.. TraceHeaderNames.HeadersToLog(options.ExtraHeadersToLog, options.Tracing)],
        };
    }

    public static QueryRedaction ParseRedaction(string value) => value switch
    {
        "" or "none" => QueryRedaction.None,
        "all" => QueryRedaction.All,
        "hash" => QueryRedaction.Hash,
        _ => throw new ArgumentException($"Unknown redact_query_params value '{value}'.", nameof(value)),
    };

    public static AccessLogExtraField ParseExtraField(string value) => value switch
    {
        "backend_time" => AccessLogExtraField.BackendTime,
        "dial_time" => AccessLogExtraField.DialTime,
        "dns_time" => AccessLogExtraField.DnsTime,
        "failed_attempts" => AccessLogExtraField.FailedAttempts,
        "failed_attempts_time" => AccessLogExtraField.FailedAttemptsTime,
        "local_address" => AccessLogExtraField.LocalAddress,
        "tls_time" => AccessLogExtraField.TlsTime,
        _ => throw new ArgumentException($"Unknown extra_access_log_fields value '{value}'.", nameof(value)),
    };

    /// <summary><c>X-Something-Cool</c> -> <c>x_something_cool</c>, as Gorouter names extra headers.</summary>
    private static byte[] LogName(string header) =>
        Encoding.UTF8.GetBytes(header.ToLowerInvariant().Replace('-', '_'));
}
