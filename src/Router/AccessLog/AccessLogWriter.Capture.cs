using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using RouteRegistry;
using Router.Proxying;

namespace Router.AccessLog;

/// <summary>The request-path half: turn a finished request into a record and queue it.</summary>
internal sealed partial class AccessLogWriter
{
    private bool Enabled => _filePath.Length > 0 || _toStdout || _syslog is not null;

    /// <inheritdoc />
    public void Begin(HttpContext context) => AccessLogBodyCounters.Attach(context);

    /// <inheritdoc />
    public void Write(HttpContext context, ProxyExchange? exchange, string? failureDetail, long startTimestamp, long endTimestamp, long backendTicks)
    {
        if (!Enabled)
        {
            return;
        }

        ExchangeSummary? summary = null;
        if (exchange is not null)
        {
            var endpoint = exchange.Endpoint;
            summary = new ExchangeSummary(
                exchange.RequestId,
                endpoint?.Backend,
                endpoint?.AppId,
                endpoint?.PrivateInstanceIndex,
                endpoint?.InstanceId,
                exchange.FailedAttempts,
                Stopwatch.GetElapsedTime(0, exchange.FailedAttemptTicks),
                endpoint?.Tags);
        }

        var record = Capture(
            context,
            summary,
            failureDetail,
            Stopwatch.GetElapsedTime(startTimestamp, endTimestamp),
            Stopwatch.GetElapsedTime(0, backendTicks),
            DateTime.UtcNow - Stopwatch.GetElapsedTime(startTimestamp));

        if (!_channel.Writer.TryWrite(record))
        {
            // Only after disposal; a full queue drops through OnDropped instead.
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>
    /// Reads the record's facts from a finished request. Only references are taken, except an array for
    /// <c>extra_headers_to_log</c> values when some are configured.
    /// </summary>
    internal AccessLogRecord Capture(
        HttpContext context, ExchangeSummary? exchange, string? failureDetail, TimeSpan responseTime, TimeSpan backendTime, DateTime startedAt)
    {
        var request = context.Request;
        var headers = request.Headers;
        var connection = context.Connection;
        var routerError = First(context.Response.Headers[RouterHeaders.RouterError]);
        var forwarded = exchange is not null;
        var attempted = exchange?.BackendAddress is not null;

        // An attempt failed for good when the router wrote the error answer; a failure after the response had
        // started (body cut short) still counts as a round trip that reached the backend, as in Gorouter.
        var failed = attempted && failureDetail is not null && routerError is not null;

        return new AccessLogRecord
        {
            Host = headers.Host.ToString(),
            StartedAt = startedAt,
            Method = request.Method,
            RequestTarget = RawTarget(context),
            Protocol = request.Protocol,
            StatusCode = context.Response.StatusCode,
            RequestBytes = AccessLogBodyCounters.RequestBytes(context, forwarded),
            ResponseBytes = AccessLogBodyCounters.ResponseBytes(context),
            Referer = First(headers.Referer),
            UserAgent = First(headers.UserAgent),
            ClientIp = connection.RemoteIpAddress,
            ClientPort = connection.RemotePort,
            BackendAddress = exchange?.BackendAddress,
            ForwardedFor = headers[RouterHeaders.ForwardedFor],
            ForwardedForHasClientIp = forwarded,
            ForwardedProto = forwarded ? SentForwardedProto(request) : First(headers[RouterHeaders.ForwardedProto]),
            RequestId = exchange?.RequestId,
            ResponseTime = responseTime,
            BackendTime = backendTime,
            ApplicationId = exchange?.ApplicationId,
            InstanceIndex = exchange?.InstanceIndex,
            InstanceId = exchange?.InstanceId,
            RouterError = routerError,
            BackendSucceeded = attempted && !failed,

            FailedAttempts = exchange?.FailedAttempts ?? 0,
            FailedAttemptsTime = exchange is { FailedAttempts: > 0 } summary ? summary.FailedAttemptsTime : TimeSpan.MinValue,
            ExtraHeaderValues = ExtraHeaderValues(headers),
            Tags = exchange?.Tags,
        };
    }

    /// <summary>
    /// The <c>X-Forwarded-Proto</c> the backend received, by the same rules as <see cref="ProxyExchange"/>
    /// (docs/gorouter-compatibility.md §6.1): forced https, else the connection's scheme when sanitising or when the client sent none,
    /// else the client's value (the first, as Go's <c>Header.Get</c> reads it).
    /// </summary>
    private string SentForwardedProto(HttpRequest request)
    {
        if (_forceForwardedProtoHttps)
        {
            return "https";
        }

        var incoming = request.Headers[RouterHeaders.ForwardedProto];
        if (_sanitizeForwardedProto || incoming.Count == 0 || (incoming.Count == 1 && string.IsNullOrEmpty(incoming[0])))
        {
            return request.IsHttps ? "https" : "http";
        }

        return incoming[0] ?? string.Empty;
    }

    private string?[]? ExtraHeaderValues(IHeaderDictionary headers)
    {
        var names = Format.ExtraHeaders;
        if (names.IsEmpty)
        {
            return null;
        }

        var values = new string?[names.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = First(headers[names[i]]);
        }

        return values;
    }

    private static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw))
        {
            return raw;
        }

        // Servers other than Kestrel may leave RawTarget empty; the decoded form is the closest there is.
        var request = context.Request;
        return string.Concat(request.PathBase.ToUriComponent(), request.Path.ToUriComponent(), request.QueryString.Value);
    }

    private static string? First(StringValues values) => values.Count == 0 ? null : values[0];

    /// <summary>What the access log needs from a <see cref="ProxyExchange"/>; lets tests describe one without a route table.</summary>
    internal readonly record struct ExchangeSummary(
        string RequestId,
        BackendAddress? BackendAddress,
        CompactId? ApplicationId,
        string? InstanceIndex,
        CompactId? InstanceId,
        int FailedAttempts = 0,
        TimeSpan FailedAttemptsTime = default,
        IReadOnlyDictionary<string, string>? Tags = null);
}
