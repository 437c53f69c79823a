using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using RouteRegistry;
using Router.AccessLog;
using Router.Configuration;
using static Router.Tests.AccessLog.AccessLogSamples;

namespace Router.Tests.AccessLog;

public class AccessLogCaptureTests
{
    private static readonly AccessLogWriter.ExchangeSummary Exchange = new(
        "6d1e3f0a-8a47-4c52-9a3e-1f2b3c4d5e6f", new BackendAddress("10.0.1.5", 61001), CompactId.From("app-guid"), "0", CompactId.From("instance-guid"));

    [Fact]
    public void Capture_ProxiedRequest_LineShowsHeadersAsSentToBackend()
    {
        var context = Request("GET", "/some/path?q=1");
        context.Request.Headers["X-Forwarded-For"] = "1.2.3.4";
        context.Response.StatusCode = 200;
        context.Response.ContentLength = 1234;

        var record = Writer().Capture(
            context, Exchange, null, TimeSpan.FromMilliseconds(12.5), TimeSpan.FromMilliseconds(10), Start);

        Assert.Equal(ProxiedLine, Line(record));
    }

    [Fact]
    public void Capture_RejectedRequest_HeadersAsReceivedAndNoBodyCounted()
    {
        var context = Request("POST", "/");
        context.Request.Headers["X-Forwarded-For"] = "1.2.3.4";
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        context.Request.ContentLength = 11;
        context.Response.StatusCode = 404;
        context.Response.Headers["X-Cf-Routererror"] = "unknown_route";

        var record = Writer().Capture(context, null, null, TimeSpan.FromMilliseconds(1), TimeSpan.Zero, Start);

        Assert.Equal("1.2.3.4", Assert.Single(record.ForwardedFor.ToArray()));
        Assert.False(record.ForwardedForHasClientIp);
        Assert.Equal("https", record.ForwardedProto);
        Assert.Equal(0, record.RequestBytes);
        Assert.Null(record.RequestId);
        Assert.Equal("unknown_route", record.RouterError);
        Assert.False(record.BackendSucceeded);
        Assert.Contains(" x_forwarded_for:\"1.2.3.4\" x_forwarded_proto:\"https\" vcap_request_id:\"-\" ", Line(record), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, false, null, "http")]
    [InlineData(true, false, false, null, "https")]
    [InlineData(false, false, false, "https", "https")]
    [InlineData(false, true, false, "https", "http")]
    [InlineData(false, false, true, "http", "https")]
    public void Capture_ForwardedProto_AsProxyExchangeSendsIt(bool tls, bool sanitize, bool force, string? incoming, string expected)
    {
        var context = Request("GET", "/");
        context.Request.IsHttps = tls;
        if (incoming is not null)
        {
            context.Request.Headers["X-Forwarded-Proto"] = incoming;
        }

        var writer = Writer(new RouterOptions { SanitizeForwardedProto = sanitize, ForceForwardedProtoHttps = force });

        Assert.Equal(expected, writer.Capture(context, Exchange, null, TimeSpan.Zero, TimeSpan.Zero, Start).ForwardedProto);
    }

    [Fact]
    public void Capture_ForwardedRequestWithContentLength_CountsDeclaredLength()
    {
        var context = Request("POST", "/upload");
        context.Request.ContentLength = 11;

        Assert.Equal(11, Writer().Capture(context, Exchange, null, TimeSpan.Zero, TimeSpan.Zero, Start).RequestBytes);
    }

    [Fact]
    public async Task Capture_ChunkedRequestWithCounters_CountsBytesRead()
    {
        var context = Request("POST", "/upload");
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(true));
        context.Request.Body = new MemoryStream(new byte[5000]);
        AccessLogBodyCounters.Attach(context);

        var read = new byte[1024];
        while (await context.Request.Body.ReadAsync(read) > 0)
        {
        }

        Assert.Equal(5000, Writer().Capture(context, Exchange, null, TimeSpan.Zero, TimeSpan.Zero, Start).RequestBytes);
    }

    [Fact]
    public async Task Capture_ChunkedResponseWithCounters_CountsStreamAndPipeWrites()
    {
        var context = Request("GET", "/stream");
        var sink = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(sink));
        AccessLogBodyCounters.Attach(context);

        await context.Response.Body.WriteAsync(new byte[300]);
        await context.Response.BodyWriter.WriteAsync(new byte[200]);
        context.Response.BodyWriter.GetSpan(50);
        context.Response.BodyWriter.Advance(50);
        await context.Response.BodyWriter.FlushAsync();

        Assert.Equal(550, Writer().Capture(context, Exchange, null, TimeSpan.Zero, TimeSpan.Zero, Start).ResponseBytes);
        Assert.Equal(550, sink.Length);
    }

    [Theory]
    [InlineData("GET", 200, 1234)]
    [InlineData("HEAD", 200, 0)]
    [InlineData("GET", 304, 0)]
    [InlineData("GET", 204, 0)]
    public void Capture_NoCounters_UsesContentLengthWhenABodyWasSent(string method, int status, long expected)
    {
        var context = Request(method, "/");
        context.Response.StatusCode = status;
        context.Response.ContentLength = 1234;

        Assert.Equal(expected, Writer().Capture(context, Exchange, null, TimeSpan.Zero, TimeSpan.Zero, Start).ResponseBytes);
    }

    [Fact]
    public void Capture_FailedExchange_FailedAttemptsAndTheirTimeFromTheExchange()
    {
        var context = Request("GET", "/");
        context.Response.StatusCode = 502;
        context.Response.Headers["X-Cf-Routererror"] = "endpoint_failure (connection refused)";
        var failed = Exchange with { FailedAttempts = 3, FailedAttemptsTime = TimeSpan.FromSeconds(1.5) };

        var record = Writer().Capture(context, failed, "connection refused", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.5), Start);

        Assert.False(record.BackendSucceeded);
        Assert.Equal(3, record.FailedAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1.5), record.FailedAttemptsTime);
    }

    [Fact]
    public void Capture_FailureAfterResponseStarted_CountsAsRoundTrip()
    {
        var context = Request("GET", "/");
        context.Response.StatusCode = 200;

        var record = Writer().Capture(context, Exchange, "body copy failed", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.5), Start);

        Assert.True(record.BackendSucceeded);
        Assert.Equal(0, record.FailedAttempts);
        Assert.Null(record.RouterError);
    }

    [Fact]
    public void Capture_ExtraHeaders_FirstValueOfEachConfiguredHeader()
    {
        var context = Request("GET", "/");
        context.Request.Headers["X-B3-TraceId"] = new(["first", "second"]);
        var writer = Writer(new RouterOptions { ExtraHeadersToLog = ["x-b3-traceid", "X-Missing"] });

        var record = writer.Capture(context, Exchange, null, TimeSpan.Zero, TimeSpan.Zero, Start);

        Assert.NotNull(record.ExtraHeaderValues);
        Assert.Equal("first", record.ExtraHeaderValues[0]);
        Assert.Null(record.ExtraHeaderValues[1]);
    }

    internal static DefaultHttpContext Request(string method, string rawTarget)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Headers.Host = "app.example.com";
        context.Request.Headers.UserAgent = "curl/8.5.0";
        context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget = rawTarget;
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.1");
        context.Connection.RemotePort = 54321;
        return context;
    }

    private static AccessLogWriter Writer(RouterOptions? options = null) =>
        new(options ?? new RouterOptions(), NullLogger.Instance);

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }
}
