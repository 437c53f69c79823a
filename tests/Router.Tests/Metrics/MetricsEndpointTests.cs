using System.Text;
using Microsoft.AspNetCore.Http;
using Router.Metrics;

namespace Router.Tests.Metrics;

public class MetricsEndpointTests
{
    [Fact]
    public async Task WriteAsync_Get_ServesParsablePageWithPrometheusContentType()
    {
        using var metrics = new RouterMetrics();
        metrics.BadGateway();
        var (context, body) = NewContext("GET");

        await MetricsEndpoint.WriteAsync(context, metrics);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", context.Response.ContentType);
        Assert.Equal("no-store", context.Response.Headers.CacheControl);
        var text = Encoding.UTF8.GetString(body.ToArray());
        var families = PrometheusTextParser.Parse(text);
        Assert.Equal(1, families.Single(f => f.Name == MetricNames.BadGateways).Samples.Single().Value);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("HEAD")]
    public async Task WriteAsync_OtherMethod_405WithAllowGetAndNoBody(string method)
    {
        using var metrics = new RouterMetrics();
        var (context, body) = NewContext(method);

        await MetricsEndpoint.WriteAsync(context, metrics);

        Assert.Equal(StatusCodes.Status405MethodNotAllowed, context.Response.StatusCode);
        Assert.Equal("GET", context.Response.Headers.Allow);
        Assert.Equal(0, body.Length);
    }

    private static (DefaultHttpContext Context, MemoryStream Body) NewContext(string method)
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Response.Body = body;
        return (context, body);
    }
}
