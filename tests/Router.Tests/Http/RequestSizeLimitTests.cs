using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Router.Http;

namespace Router.Tests.Http;

/// <summary>The arithmetic of Gorouter's <c>handlers/max_request_size.go</c>, on a request built in memory.</summary>
public sealed class RequestSizeLimitTests
{
    [Theory]
    [InlineData(0, 0, 1024 * 1024, false)]
    [InlineData(-1, 0, 1024 * 1024, false)]
    [InlineData(2 * 1024 * 1024, 0, 1024 * 1024, false)]
    [InlineData(4096, 0, 4096, true)]
    [InlineData(0, 5, 1024 * 1024, true)]
    public void Constructor_ConfiguredValues_GorouterEffectiveLimits(int bytes, int headers, int expectedBytes, bool checkedPerRequest)
    {
        var limit = new RequestSizeLimit(bytes, headers);

        Assert.Equal(expectedBytes, limit.MaxBytes);
        Assert.Equal(checkedPerRequest, limit.IsChecked);
        Assert.True(limit.KestrelHeaderCount > headers + 1);
    }

    [Fact]
    public void IsExceeded_SizeJustBelowAndAtLimit_RefusesAtTheLimit()
    {
        // "GET / HTTP/1.1\r\n" is 16 bytes, "Host: a.test\r\n" 14, "X-A: <value>\r\n" 7 + the value.
        var context = Request(("X-A", ["12345"]));
        Assert.Equal(42, 16 + 14 + 7 + 5);

        Assert.False(new RequestSizeLimit(43, 0).IsExceeded(context));
        Assert.True(new RequestSizeLimit(42, 0).IsExceeded(context));
    }

    [Fact]
    public void IsExceeded_RepeatedHeaderValues_EachValueCountsAndHostDoesNot()
    {
        var context = Request(("X-A", ["1", "2"]), ("X-B", ["3"]));

        Assert.False(new RequestSizeLimit(0, 3).IsExceeded(context));
        Assert.True(new RequestSizeLimit(0, 2).IsExceeded(context));
    }

    private static DefaultHttpContext Request(params (string Name, string[] Values)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Protocol = "HTTP/1.1";
        context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget = "/";
        context.Request.Headers.Host = "a.test";
        foreach (var (name, values) in headers)
        {
            context.Request.Headers[name] = values;
        }

        return context;
    }
}
