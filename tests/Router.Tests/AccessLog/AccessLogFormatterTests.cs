using System.Net;
using Router.AccessLog;
using static Router.Tests.AccessLog.AccessLogSamples;

namespace Router.Tests.AccessLog;

public class AccessLogFormatterTests
{
    [Fact]
    public void Format_ProxiedRequest_WritesGorouterLine()
    {
        Assert.Equal(ProxiedLine, Line(Proxied()));
    }

    [Fact]
    public void Format_UnknownRoute_BackendAndAppFieldsAreDashes()
    {
        var expected =
            "unknown.test - [" + StartText + "] \"GET / HTTP/1.1\" 404 0 67 \"-\" \"curl/8.5.0\" \"127.0.0.1:40000\" \"-\" " +
            "x_forwarded_for:\"-\" x_forwarded_proto:\"-\" vcap_request_id:\"-\" response_time:0.000150 gorouter_time:0.000150 " +
            "app_id:\"-\" app_index:\"-\" instance_id:\"-\" x_cf_routererror:\"unknown_route\"";

        Assert.Equal(expected, Line(UnknownRoute()));
    }

    [Theory]
    [InlineData("3f1c2a9e-5b7d-4e21-9a0c-8d6f4b2e1a07")]
    [InlineData("3f1c2a9e-5b7d-4e21-9a0c-8d6f")]
    [InlineData("")]
    public void Format_InstanceIdStoredAsGuidOrText_WrittenAsRegistered(string instanceId)
    {
        var record = Proxied() with { InstanceId = RouteRegistry.CompactId.From(instanceId) };

        var expected = ProxiedLine.Replace(
            "instance_id:\"instance-guid\"",
            instanceId.Length > 0 ? $"instance_id:\"{instanceId}\"" : "instance_id:\"-\"",
            StringComparison.Ordinal);
        Assert.Equal(expected, Line(record));
    }

    [Theory]
    [InlineData("3f1c2a9e-5b7d-4e21-9a0c-8d6f4b2e1a07")]
    [InlineData("3F1C2A9E-5B7D-4E21-9A0C-8D6F4B2E1A07")]
    [InlineData("")]
    public void Format_ApplicationIdStoredAsGuidOrText_WrittenAsRegistered(string applicationId)
    {
        var record = Proxied() with { ApplicationId = RouteRegistry.CompactId.From(applicationId) };

        var expected = ProxiedLine.Replace(
            "app_id:\"app-guid\"",
            applicationId.Length > 0 ? $"app_id:\"{applicationId}\"" : "app_id:\"-\"",
            StringComparison.Ordinal);
        Assert.Equal(expected, Line(record));
    }

    [Fact]
    public void Format_BadGateway_WritesRouterErrorWithDetail()
    {
        var record = Proxied() with
        {
            StatusCode = 502,
            ResponseBytes = 67,
            ResponseTime = TimeSpan.FromSeconds(1.5),
            BackendTime = TimeSpan.FromSeconds(1.25),
            RouterError = "endpoint_failure (dial tcp 10.0.1.5:61001: connect: connection refused)",
        };

        var expected = ProxiedLine
            .Replace("\" 200 0 1234 ", "\" 502 0 67 ", StringComparison.Ordinal)
            .Replace("response_time:0.012500 gorouter_time:0.002500", "response_time:1.500000 gorouter_time:0.250000", StringComparison.Ordinal)
            .Replace(
                "x_cf_routererror:\"-\"",
                "x_cf_routererror:\"endpoint_failure (dial tcp 10.0.1.5:61001: connect: connection refused)\"",
                StringComparison.Ordinal);
        Assert.Equal(expected, Line(record));
    }

    [Fact]
    public void Format_OddRefererAndUserAgent_QuotedWithGoEscapes()
    {
        var record = Proxied() with
        {
            Referer = "http://x.test/?q=\"a\\b\"",
            UserAgent = "Agent\t1.0\n\u0001 naïve 日本 \u200b",
        };

        var line = Line(record);

        Assert.Contains(
            " \"http://x.test/?q=\\\"a\\\\b\\\"\" \"Agent\\t1.0\\n\\x01 naïve 日本 \\u200b\" \"10.0.0.1:54321\" ",
            line,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Format_DisableLogSourceIp_ClientIsDash()
    {
        var line = Line(Proxied(), new AccessLogFormatOptions { DisableLogSourceIp = true });

        Assert.Equal(ProxiedLine.Replace("\"10.0.0.1:54321\"", "\"-\"", StringComparison.Ordinal), line);
    }

    [Fact]
    public void Format_DisableLogForwardedFor_ForwardedForIsDash()
    {
        var line = Line(Proxied(), new AccessLogFormatOptions { DisableLogForwardedFor = true });

        Assert.Equal(ProxiedLine.Replace("x_forwarded_for:\"1.2.3.4, 10.0.0.1\"", "x_forwarded_for:\"-\"", StringComparison.Ordinal), line);
    }

    [Theory]
    [InlineData("none", "GET", "/p?q=1&token=secret", "/p?q=1&token=secret")]
    [InlineData("all", "GET", "/p?q=1&token=secret", "/p")]
    [InlineData("hash", "GET", "/p?q=1&token=secret", "/p?hash=16771cf3c5f416bdd29f4f6ce6761f3cab198e66")]
    [InlineData("all", "POST", "/p?q=1&token=secret", "/p?q=1&token=secret")]
    [InlineData("hash", "HEAD", "/p?q=1&token=secret", "/p?q=1&token=secret")]
    [InlineData("all", "GET", "/p?", "/p?")]
    [InlineData("all", "GET", "/p", "/p")]
    [InlineData("none", "GET", "http://app.test/abs?x=1", "/abs?x=1")]
    [InlineData("none", "GET", "http://app.test?x=1", "/?x=1")]
    [InlineData("none", "GET", "http://app.test", "/")]
    [InlineData("all", "GET", "http://app.test/abs?x=1", "/abs")]
    [InlineData("none", "OPTIONS", "*", "*")]
    public void Format_RequestTarget_RedactedPerMethodAndOption(string redaction, string method, string target, string expectedUri)
    {
        var record = Proxied() with { Method = method, RequestTarget = target };

        var line = Line(record, new AccessLogFormatOptions { RedactQueryParams = AccessLogFormatOptions.ParseRedaction(redaction) });

        Assert.Contains($"] \"{method} {expectedUri} HTTP/1.1\" ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AllExtraFields_WrittenInConfiguredOrderBeforeRouterError()
    {
        var options = new AccessLogFormatOptions
        {
            ExtraFields =
            [
                AccessLogExtraField.LocalAddress, AccessLogExtraField.BackendTime, AccessLogExtraField.DialTime,
                AccessLogExtraField.DnsTime, AccessLogExtraField.TlsTime, AccessLogExtraField.FailedAttempts,
                AccessLogExtraField.FailedAttemptsTime,
            ],
        };
        var record = Proxied() with { LocalAddress = "10.0.0.9:43210" };

        var expected = ProxiedLine.Replace(
            "x_cf_routererror:",
            "local_address:\"10.0.0.9:43210\" backend_time:0.010000 dial_time:\"-\" dns_time:\"-\" tls_time:\"-\" " +
            "failed_attempts:0 failed_attempts_time:\"-\" x_cf_routererror:",
            StringComparison.Ordinal);
        Assert.Equal(expected, Line(record, options));
    }

    [Fact]
    public void Format_FailedAttemptsBeforeSuccess_BackendTimeExcludesThem()
    {
        var options = new AccessLogFormatOptions
        {
            ExtraFields = [AccessLogExtraField.BackendTime, AccessLogExtraField.FailedAttempts, AccessLogExtraField.FailedAttemptsTime],
        };
        var record = Proxied() with { FailedAttempts = 2, FailedAttemptsTime = TimeSpan.FromMilliseconds(4) };

        Assert.Contains(
            " backend_time:0.006000 failed_attempts:2 failed_attempts_time:0.004000 x_cf_routererror:\"-\"",
            Line(record, options),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Format_NoSuccessfulAttempt_BackendTimeAndLocalAddressAreDashes()
    {
        var options = new AccessLogFormatOptions
        {
            ExtraFields = [AccessLogExtraField.BackendTime, AccessLogExtraField.LocalAddress, AccessLogExtraField.FailedAttempts],
        };

        Assert.Contains(
            " backend_time:\"-\" local_address:\"-\" failed_attempts:0 x_cf_routererror:\"unknown_route\"",
            Line(UnknownRoute(), options),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ExtraHeaders_NamedLowerCaseWithUnderscoresAfterRouterError()
    {
        var options = new AccessLogFormatOptions { ExtraHeaders = ["X-B3-TraceId", "Custom-Header", "Accept"] };
        var record = Proxied() with { ExtraHeaderValues = ["80f198ee56343ba864fe8b2a57d3eff7", null, "say \"x\""] };

        Assert.EndsWith(
            " x_cf_routererror:\"-\" x_b3_traceid:\"80f198ee56343ba864fe8b2a57d3eff7\" custom_header:\"-\" accept:\"say \\\"x\\\"\"",
            Line(record, options),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Http2AndIpv6Client_GoSpellings()
    {
        var record = Proxied() with { Protocol = "HTTP/2", ClientIp = IPAddress.IPv6Loopback, ClientPort = 5000 };

        var line = Line(record);

        Assert.Contains("\"GET /some/path?q=1 HTTP/2.0\"", line, StringComparison.Ordinal);
        Assert.Contains(" \"[::1]:5000\" ", line, StringComparison.Ordinal);
        Assert.Contains("x_forwarded_for:\"1.2.3.4, ::1\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_StatusZeroAndNegativeTime_Dashes()
    {
        var record = Proxied() with { StatusCode = 0, ResponseTime = TimeSpan.FromTicks(-1) };

        var line = Line(record);

        Assert.Contains("\" \"-\" 0 1234 ", line, StringComparison.Ordinal);
        Assert.Contains(" response_time:\"-\" gorouter_time:\"-\" ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SeveralIncomingForwardedForValues_JoinedThenClientIp()
    {
        var record = Proxied() with { ForwardedFor = new(["1.2.3.4", "5.6.7.8"]) };

        Assert.Contains("x_forwarded_for:\"1.2.3.4, 5.6.7.8, 10.0.0.1\"", Line(record), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_LongDuration_SecondsNotTruncated()
    {
        var record = Proxied() with { ResponseTime = TimeSpan.FromHours(30) + TimeSpan.FromTicks(4), BackendTime = TimeSpan.Zero };

        Assert.Contains(" response_time:108000.000000 gorouter_time:108000.000000 ", Line(record), StringComparison.Ordinal);
    }

    [Fact]
    public void From_RouterOptions_ParsesAndDeduplicatesFields()
    {
        var options = AccessLogFormatOptions.From(new Router.Configuration.RouterOptions
        {
            Logging = new Router.Configuration.LoggingOptions
            {
                RedactQueryParams = "hash",
                DisableLogSourceIp = true,
                ExtraAccessLogFields = ["backend_time", "local_address", "backend_time"],
            },
            ExtraHeadersToLog = ["X-Request-Start"],
        });

        Assert.Equal(QueryRedaction.Hash, options.RedactQueryParams);
        Assert.True(options.DisableLogSourceIp);
        Assert.Equal([AccessLogExtraField.BackendTime, AccessLogExtraField.LocalAddress], options.ExtraFields.ToArray());
        Assert.Equal("x_request_start"u8.ToArray(), options.ExtraHeaderLogNames[0]);
    }
}
