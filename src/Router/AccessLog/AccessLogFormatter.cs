using System.Buffers;
using RouteRegistry;

namespace Router.AccessLog;

/// <summary>
/// Formats one access-log line in Gorouter's layout (docs/gorouter-compatibility.md §8.4; Gorouter
/// <c>accesslog/schema/access_log_record.go</c>), UTF-8, without the trailing newline:
/// <code>
/// host - [start] "METHOD uri PROTO" status req_bytes resp_bytes "referer" "user_agent" "client" "backend"
/// x_forwarded_for:"…" x_forwarded_proto:"…" vcap_request_id:"…" response_time:S gorouter_time:S app_id:"…"
/// app_index:"…" instance_id:"…" [extra fields] x_cf_routererror:"…" [extra headers]
/// </code>
/// Pure: the same record and options always give the same bytes. Writes straight into the buffer; allocates nothing.
/// </summary>
internal static partial class AccessLogFormatter
{
    private static ReadOnlySpan<byte> Dash => "\"-\""u8;

    public static void Format(in AccessLogRecord record, AccessLogFormatOptions options, IBufferWriter<byte> output)
    {
        // Written unquoted, as Gorouter does, but escaped: a host is network data and must not break the line.
        GoQuote.WriteEscaped(output, record.Host);
        output.Write(" - ["u8);
        WriteTimestamp(output, record.StartedAt);
        output.Write("] \""u8);
        GoQuote.WriteEscaped(output, record.Method);
        output.Write(" "u8);
        WriteRequestUri(output, record, options.RedactQueryParams);
        output.Write(" "u8);
        GoQuote.WriteEscaped(output, ProtocolName(record.Protocol));
        output.Write("\" "u8);

        if (record.StatusCode == 0)
        {
            output.Write(Dash);
        }
        else
        {
            WriteInteger(output, record.StatusCode);
        }

        output.Write(" "u8);
        WriteInteger(output, record.RequestBytes);
        output.Write(" "u8);
        WriteInteger(output, record.ResponseBytes);
        output.Write(" "u8);
        GoQuote.WriteOrDash(output, record.Referer);
        output.Write(" "u8);
        GoQuote.WriteOrDash(output, record.UserAgent);
        output.Write(" "u8);
        WriteClientAddress(output, record, options.DisableLogSourceIp);
        output.Write(" "u8);
        Span<char> backend = stackalloc char[Endpoint.FormatBufferLength];
        GoQuote.WriteOrDash(output, record.BackendAddress is { } address ? address.Format(backend) : default);

        output.Write(" x_forwarded_for:"u8);
        if (options.DisableLogForwardedFor)
        {
            output.Write(Dash);
        }
        else
        {
            WriteForwardedFor(output, record);
        }

        output.Write(" x_forwarded_proto:"u8);
        GoQuote.WriteOrDash(output, record.ForwardedProto);
        output.Write(" vcap_request_id:"u8);
        GoQuote.WriteOrDash(output, record.RequestId);
        output.Write(" response_time:"u8);
        WriteSeconds(output, record.ResponseTime);
        output.Write(" gorouter_time:"u8);
        WriteSeconds(output, record.ResponseTime >= TimeSpan.Zero ? record.ResponseTime - record.BackendTime : record.ResponseTime);
        output.Write(" app_id:"u8);
        Span<char> applicationId = stackalloc char[CompactId.GuidLength];
        GoQuote.WriteOrDash(output, record.ApplicationId is { } app ? app.Format(applicationId) : default);
        output.Write(" app_index:"u8);
        GoQuote.WriteOrDash(output, record.InstanceIndex);
        output.Write(" instance_id:"u8);
        Span<char> instanceId = stackalloc char[CompactId.GuidLength];
        GoQuote.WriteOrDash(output, record.InstanceId is { } id ? id.Format(instanceId) : default);
        output.Write(" "u8);

        foreach (var field in options.ExtraFields)
        {
            WriteExtraField(output, record, field);
            output.Write(" "u8);
        }

        output.Write("x_cf_routererror:"u8);
        GoQuote.WriteOrDash(output, record.RouterError);
        WriteExtraHeaders(output, record, options);
    }

    /// <summary>Go names HTTP/2 requests <c>HTTP/2.0</c>; log parsers written for Gorouter expect that spelling.</summary>
    private static string ProtocolName(string protocol) => protocol switch
    {
        "HTTP/2" => "HTTP/2.0",
        "HTTP/3" => "HTTP/3.0",
        _ => protocol,
    };

    /// <summary>Go's <c>RemoteAddr</c>: <c>ip:port</c>, with IPv6 addresses in brackets.</summary>
    private static void WriteClientAddress(IBufferWriter<byte> output, in AccessLogRecord record, bool disabled)
    {
        if (disabled || record.ClientIp is null)
        {
            output.Write(Dash);
            return;
        }

        output.Write("\""u8);
        var ipv6 = record.ClientIp.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (ipv6)
        {
            output.Write("["u8);
        }

        WriteIp(output, record.ClientIp);
        output.Write(ipv6 ? "]:"u8 : ":"u8);
        WriteInteger(output, record.ClientPort);
        output.Write("\""u8);
    }

    /// <summary>The value the backend received: the incoming values joined by <c>", "</c>, then the client IP.</summary>
    private static void WriteForwardedFor(IBufferWriter<byte> output, in AccessLogRecord record)
    {
        var incoming = record.ForwardedFor;
        if (!record.ForwardedForHasClientIp)
        {
            // Nothing was forwarded: the header as received, first value (Go's Header.Get).
            GoQuote.WriteOrDash(output, incoming.Count == 0 ? null : incoming[0]);
            return;
        }

        if (incoming.Count == 0 && record.ClientIp is null)
        {
            output.Write(Dash);
            return;
        }

        output.Write("\""u8);
        for (var i = 0; i < incoming.Count; i++)
        {
            GoQuote.WriteEscaped(output, incoming[i]);
            output.Write(", "u8);
        }

        if (record.ClientIp is not null)
        {
            WriteIp(output, record.ClientIp);
        }

        output.Write("\""u8);
    }

    private static void WriteExtraField(IBufferWriter<byte> output, in AccessLogRecord record, AccessLogExtraField field)
    {
        switch (field)
        {
            case AccessLogExtraField.BackendTime:
                output.Write("backend_time:"u8);
                WriteSeconds(output, record.BackendSucceeded ? SuccessfulAttemptTime(record) : TimeSpan.MinValue);
                break;
            case AccessLogExtraField.DialTime:
                output.Write("dial_time:"u8);
                output.Write(Dash);
                break;
            case AccessLogExtraField.DnsTime:
                output.Write("dns_time:"u8);
                output.Write(Dash);
                break;
            case AccessLogExtraField.FailedAttempts:
                output.Write("failed_attempts:"u8);
                WriteInteger(output, record.FailedAttempts);
                break;
            case AccessLogExtraField.FailedAttemptsTime:
                output.Write("failed_attempts_time:"u8);
                WriteSeconds(output, record.FailedAttempts > 0 ? record.FailedAttemptsTime : TimeSpan.MinValue);
                break;
            case AccessLogExtraField.LocalAddress:
                output.Write("local_address:"u8);
                GoQuote.WriteOrDash(output, record.LocalAddress);
                break;
            case AccessLogExtraField.TlsTime:
                output.Write("tls_time:"u8);
                output.Write(Dash);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown access-log field.");
        }
    }

    /// <summary>The backend time of the successful attempt only: failed attempts before it are excluded, as Gorouter does.</summary>
    private static TimeSpan SuccessfulAttemptTime(in AccessLogRecord record) =>
        record.FailedAttemptsTime > TimeSpan.Zero ? record.BackendTime - record.FailedAttemptsTime : record.BackendTime;

    private static void WriteExtraHeaders(IBufferWriter<byte> output, in AccessLogRecord record, AccessLogFormatOptions options)
    {
        var names = options.ExtraHeaderLogNames;
        for (var i = 0; i < names.Length; i++)
        {
            output.Write(" "u8);
            output.Write(names[i]);
            output.Write(":"u8);
            var values = record.ExtraHeaderValues;
            GoQuote.WriteOrDash(output, values is not null && i < values.Length ? values[i] : null);
        }
    }
}
