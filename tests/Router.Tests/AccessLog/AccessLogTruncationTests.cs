using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Router.AccessLog;
using Router.Configuration;

namespace Router.Tests.AccessLog;

public sealed class AccessLogTruncationTests
{
    [Fact]
    public void TruncateToSize_ValueOverLimit_HalvedAndMarkedUntilItFits()
    {
        var value = new string('a', 5000);

        var truncated = AccessLogTruncation.TruncateToSize(value, "User-Agent", 1000);

        // 5000 -> 2500+40 -> 1270+40 -> 655+40: Gorouter's truncateToSize halves the marked value each time.
        Assert.Equal(new string('a', 655) + "...USER-AGENT-TOO-LONG-TO-LOG--TRUNCATED", truncated);
        Assert.True(truncated.Length <= 1000);
    }

    [Fact]
    public void TruncateToSize_ValueWithinLimit_Unchanged()
    {
        var value = new string('a', 1000);

        Assert.Same(value, AccessLogTruncation.TruncateToSize(value, "Referer", 1000));
    }

    [Fact]
    public void Truncate_HugeFields_EachShortenedToItsLimit()
    {
        var record = AccessLogSamples.Proxied() with
        {
            RequestTarget = "/" + new string('p', 70_000),
            Referer = new string('r', 3000),
            UserAgent = new string('u', 3000),
            ForwardedFor = new string('f', 3000),
            ForwardedProto = "http",
        };

        var shortened = AccessLogTruncation.Truncate(record);

        Assert.EndsWith("...REQUEST-URI-TOO-LONG-TO-LOG--TRUNCATED", shortened.RequestTarget, StringComparison.Ordinal);
        Assert.True(shortened.RequestTarget.Length <= AccessLogTruncation.LargeLimit);
        Assert.EndsWith("...REFERER-TOO-LONG-TO-LOG--TRUNCATED", shortened.Referer, StringComparison.Ordinal);
        Assert.EndsWith("...USER-AGENT-TOO-LONG-TO-LOG--TRUNCATED", shortened.UserAgent, StringComparison.Ordinal);
        Assert.EndsWith("...X-FORWARDED-FOR-TOO-LONG-TO-LOG--TRUNCATED", shortened.ForwardedFor[0], StringComparison.Ordinal);
        Assert.Equal("http", shortened.ForwardedProto);
    }

    [Fact]
    public async Task Stream_AppLineOver64KB_MessageCarriesTheShortenedLine()
    {
        var record = AccessLogSamples.Proxied() with { RequestTarget = "/" + new string('p', 100_000) };

        var message = await StreamedMessageAsync(record);


        Assert.True(message.Length < AccessLogTruncation.MaxLineBytes + 400, $"message of {message.Length} bytes");
        Assert.Contains("...REQUEST-URI-TOO-LONG-TO-LOG--TRUNCATED HTTP/1.1\" 200", message, StringComparison.Ordinal);
        Assert.Contains("app_id=\"app-guid\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_LineWithoutAppOver64KB_KeptWhole()
    {
        var record = AccessLogSamples.UnknownRoute() with { RequestTarget = "/" + new string('p', 100_000) };

        var message = await StreamedMessageAsync(record);

        Assert.Contains(new string('p', 100_000), message, StringComparison.Ordinal);
    }

    private static async Task<string> StreamedMessageAsync(AccessLogRecord record)
    {
        var options = new RouterOptions { AccessLog = new AccessLogOptions { EnableStreaming = true } };
        await using var stream = new AccessLogSyslogStream(options, NullLogger.Instance);
        var line = new ArrayBufferWriter<byte>();
        AccessLogFormatter.Format(record, new AccessLogFormatOptions(), line);
        stream.Stream(record, new AccessLogFormatOptions(), line.WrittenSpan);
        return Encoding.UTF8.GetString(stream.LastMessage);
    }
}
