using System.Buffers;
using System.Net;
using System.Text;
using RouteRegistry;
using Router.AccessLog;

namespace Router.Tests.AccessLog;

/// <summary>Records and helpers shared by the access-log tests.</summary>
internal static class AccessLogSamples
{
    public static readonly DateTime Start = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);

    public const string StartText = "2024-05-06T07:08:09.123456700Z";

    /// <summary>A GET that a backend answered with 200.</summary>
    public static AccessLogRecord Proxied() => new()
    {
        Host = "app.example.com",
        StartedAt = Start,
        Method = "GET",
        RequestTarget = "/some/path?q=1",
        Protocol = "HTTP/1.1",
        StatusCode = 200,
        RequestBytes = 0,
        ResponseBytes = 1234,
        UserAgent = "curl/8.5.0",
        ClientIp = IPAddress.Parse("10.0.0.1"),
        ClientPort = 54321,
        BackendAddress = new BackendAddress("10.0.1.5", 61001),
        ForwardedFor = "1.2.3.4",
        ForwardedForHasClientIp = true,
        ForwardedProto = "http",
        RequestId = "6d1e3f0a-8a47-4c52-9a3e-1f2b3c4d5e6f",
        ResponseTime = TimeSpan.FromMilliseconds(12.5),
        BackendTime = TimeSpan.FromMilliseconds(10),
        ApplicationId = RouteRegistry.CompactId.From("app-guid"),
        InstanceIndex = "0",
        InstanceId = RouteRegistry.CompactId.From("instance-guid"),
        BackendSucceeded = true,
        FailedAttemptsTime = TimeSpan.MinValue,
    };

    /// <summary>A request for a host nobody registered: answered by the router before choosing an endpoint.</summary>
    public static AccessLogRecord UnknownRoute() => new()
    {
        Host = "unknown.test",
        StartedAt = Start,
        Method = "GET",
        RequestTarget = "/",
        Protocol = "HTTP/1.1",
        StatusCode = 404,
        ResponseBytes = 67,
        UserAgent = "curl/8.5.0",
        ClientIp = IPAddress.Loopback,
        ClientPort = 40000,
        ResponseTime = TimeSpan.FromMilliseconds(0.15),
        RouterError = "unknown_route",
        FailedAttemptsTime = TimeSpan.MinValue,
    };

    public const string ProxiedLine =
        "app.example.com - [" + StartText + "] \"GET /some/path?q=1 HTTP/1.1\" 200 0 1234 \"-\" \"curl/8.5.0\" " +
        "\"10.0.0.1:54321\" \"10.0.1.5:61001\" x_forwarded_for:\"1.2.3.4, 10.0.0.1\" x_forwarded_proto:\"http\" " +
        "vcap_request_id:\"6d1e3f0a-8a47-4c52-9a3e-1f2b3c4d5e6f\" response_time:0.012500 gorouter_time:0.002500 " +
        "app_id:\"app-guid\" app_index:\"0\" instance_id:\"instance-guid\" x_cf_routererror:\"-\"";

    public static string Line(in AccessLogRecord record, AccessLogFormatOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AccessLogFormatter.Format(record, options ?? new AccessLogFormatOptions(), buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Quoted(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GoQuote.Write(buffer, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
