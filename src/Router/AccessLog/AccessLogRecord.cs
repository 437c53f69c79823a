using System.Net;
using Microsoft.Extensions.Primitives;
using RouteRegistry;

namespace Router.AccessLog;

/// <summary>
/// The facts of one finished request that an access-log line is made of (docs/gorouter-compatibility.md §8.4). Captured on the request
/// path as references to strings the request already holds, queued, and formatted later by
/// <see cref="AccessLogFormatter"/>; a struct so queueing allocates nothing. Empty or null strings print as <c>"-"</c>,
/// negative durations as <c>"-"</c>.
/// </summary>
internal readonly struct AccessLogRecord
{
    /// <summary>The <c>Host</c> header, written unquoted at the start of the line.</summary>
    public string Host { get; init; }

    /// <summary>When the request arrived (UTC).</summary>
    public DateTime StartedAt { get; init; }

    public string Method { get; init; }

    /// <summary>The request-target as received (<c>IHttpRequestFeature.RawTarget</c>), before redaction.</summary>
    public string RequestTarget { get; init; }

    /// <summary>The request protocol as the server names it (<c>HTTP/1.1</c>, <c>HTTP/2</c>).</summary>
    public string Protocol { get; init; }

    /// <summary>Response status; 0 prints <c>"-"</c>.</summary>
    public int StatusCode { get; init; }

    public long RequestBytes { get; init; }

    public long ResponseBytes { get; init; }

    public string? Referer { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>Client address; null prints <c>"-"</c>.</summary>
    public IPAddress? ClientIp { get; init; }

    public int ClientPort { get; init; }

    /// <summary>The chosen endpoint's <c>host:port</c>; null when the router answered before choosing one.</summary>
    public BackendAddress? BackendAddress { get; init; }

    /// <summary>The <c>X-Forwarded-For</c> values the request arrived with.</summary>
    public StringValues ForwardedFor { get; init; }

    /// <summary>
    /// True when the request went to a backend, which received <see cref="ForwardedFor"/> with the client IP appended
    /// (docs/gorouter-compatibility.md §6.1); the log shows that value.
    /// </summary>
    public bool ForwardedForHasClientIp { get; init; }

    /// <summary>The <c>X-Forwarded-Proto</c> value sent to the backend, or the incoming one when none was sent.</summary>
    public string? ForwardedProto { get; init; }

    /// <summary>The <c>X-Vcap-Request-Id</c> sent to the backend.</summary>
    public string? RequestId { get; init; }

    /// <summary>From the request's arrival to the end of the response (<c>response_time</c>).</summary>
    public TimeSpan ResponseTime { get; init; }

    /// <summary>Time spent in backend attempts, all of them; <c>gorouter_time</c> is the rest of <see cref="ResponseTime"/>.</summary>
    public TimeSpan BackendTime { get; init; }

    /// <summary>The endpoint's app GUID as the table stores it; written into the line without building a string.</summary>
    public CompactId? ApplicationId { get; init; }

    public string? InstanceIndex { get; init; }

    /// <summary>The endpoint's instance id as the table stores it; written into the line without building a string.</summary>
    public CompactId? InstanceId { get; init; }

    /// <summary>The response's <c>X-Cf-Routererror</c> (docs/gorouter-compatibility.md §5.4).</summary>
    public string? RouterError { get; init; }

    /// <summary>True when an attempt got a response from the backend (Gorouter's <c>RoundTripSuccessful</c>).</summary>
    public bool BackendSucceeded { get; init; }

    public int FailedAttempts { get; init; }

    /// <summary>Time spent in failed attempts (<c>failed_attempts_time</c>); negative when none failed.</summary>
    public TimeSpan FailedAttemptsTime { get; init; }

    /// <summary>The router's own address on the backend connection (<c>local_address</c>); null when not known.</summary>
    public string? LocalAddress { get; init; }

    /// <summary>The endpoint's registration tags; they go into the structured data of a streamed line (not the line).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Values of <see cref="AccessLogFormatOptions.ExtraHeaders"/>, in the same order; null when none are configured.</summary>
    public string?[]? ExtraHeaderValues { get; init; }
}
