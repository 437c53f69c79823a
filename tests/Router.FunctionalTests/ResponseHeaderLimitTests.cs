using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

/// <summary>
/// <c>max_response_headers</c>: an answer with more header lines than that is not passed on; the client gets 502
/// <c>endpoint_failure (Too many response headers)</c>, as from Gorouter (<c>proxy/round_tripper/proxy_round_tripper.go</c>).
/// <c>max_response_header_bytes</c>: more bytes of response headers fail the request as Go's transport does.
/// </summary>
public sealed class ResponseHeaderLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Backend_MoreHeaderLinesThanTheLimit_502NotRetriedNotMarked()
    {
        await using var router = await RouterTestEnvironment.StartAsync("max_response_headers: 10\nbackends:\n  max_attempts: 3\n", output: output);
        await using var flood = await TestBackend.StartAsync("flood", context => Answer(context, extraHeaders: 12));
        await using var modest = await TestBackend.StartAsync("modest", context => Answer(context, extraHeaders: 2));
        router.Register(flood, "flood.test");
        router.Register(modest, "modest.test");

        using var refused = await router.GetAsync("flood.test");
        using var passed = await router.GetAsync("modest.test");

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal("endpoint_failure (Too many response headers)", Assert.Single(refused.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal("502 Bad Gateway: Registered endpoint failed to handle the request.\n", await refused.Content.ReadAsStringAsync());
        Assert.False(refused.Headers.Contains("X-Extra-0"));
        Assert.Equal(1, flood.RequestCount);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Equal("answered", await passed.Content.ReadAsStringAsync());
        Assert.Equal(["b"], passed.Headers.GetValues("X-Extra-1"));
        var metrics = await MetricsScrape.FetchAsync(router.MetricsPort);
        Assert.Equal(1, metrics.Value("bad_gateways"));
    }

    [Fact]
    public async Task Backend_RepeatedHeaderCountsEachValue()
    {
        await using var router = await RouterTestEnvironment.StartAsync("max_response_headers: 8\n", output: output);
        await using var cookies = await TestBackend.StartAsync("cookies", async context =>
        {
            // Nine Set-Cookie lines alone are more than eight; counted once per name they would be one.
            for (var i = 0; i < 9; i++)
            {
                context.Response.Headers.Append("Set-Cookie", $"c{i}=v");
            }

            await context.Response.WriteAsync("answered");
        });
        router.Register(cookies, "cookies.test");

        using var response = await router.GetAsync("cookies.test");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task RouteService_MoreHeaderLinesThanTheLimit_502()
    {
        await using var scenario = await RouteServices.RouteServiceScenario.StartAsync(output, "max_response_headers: 10\n");
        await using var service = await RouteServices.RouteServiceApp.StartAsync(
            RouteServices.RouteServiceScenario.Secret, scenario.Router.ProxyPort, scenario.Ca.IssueServer(["localhost"]), extraResponseHeaders: 12);
        scenario.RegisterBound("rs-flood.test", $"https://localhost:{service.Port}/");

        using var response = await scenario.GetAsync("rs-flood.test", "/");

        // The app's own answer, through the router to the route service, is within the limit; the service's is not.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("endpoint_failure (Too many response headers)", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal(1, scenario.App.RequestCount);
    }

    [Fact]
    public async Task NoLimitByDefault_ManyHeadersPassed()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var flood = await TestBackend.StartAsync("flood", context => Answer(context, extraHeaders: 200));
        router.Register(flood, "flood.test");

        using var response = await router.GetAsync("flood.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Extra-199"));
    }

    [Theory]
    [InlineData(1000, HttpStatusCode.OK)]
    [InlineData(3000, HttpStatusCode.BadGateway)]
    public async Task Backend_HeaderBytesOverMaxResponseHeaderBytes_502(int cookieLength, HttpStatusCode expected)
    {
        await using var router = await RouterTestEnvironment.StartAsync("max_response_header_bytes: 2048\n", output: output);
        await using var big = await TestBackend.StartAsync("big", async context =>
        {
            context.Response.Headers["X-Big"] = new string('b', cookieLength);
            await context.Response.WriteAsync("answered");
        });
        router.Register(big, "big.test");

        using var response = await router.GetAsync("big.test");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadGateway)
        {
            Assert.Equal(
                "endpoint_failure (net/http: server response headers exceeded 2048 bytes; aborted)",
                Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        }
    }

    [Fact]
    public async Task DefaultResponseHeaderBytes_AsGoTransport_LargeHeadersPassed()
    {
        // Go's transport reads up to 10 MB of response headers by default; the HTTP client's own default is 64 KiB.
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var big = await TestBackend.StartAsync("big", async context =>
        {
            context.Response.Headers["X-Big"] = new string('b', 200_000);
            await context.Response.WriteAsync("answered");
        });
        router.Register(big, "big.test");

        // This test's own client must read them too: its default is the same 64 KiB. The length is in KiB: 1 MiB.
#pragma warning disable CA2262
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxResponseHeadersLength = 1024 })
#pragma warning restore CA2262
        {
            BaseAddress = new Uri($"http://127.0.0.1:{router.ProxyPort}"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "big.test";
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200_000, Assert.Single(response.Headers.GetValues("X-Big")).Length);
    }

    private static async Task Answer(HttpContext context, int extraHeaders)
    {
        for (var i = 0; i < extraHeaders; i++)
        {
            context.Response.Headers[$"X-Extra-{i}"] = i == 1 ? "b" : "a";
        }

        context.Response.ContentLength = "answered".Length;
        await context.Response.WriteAsync("answered");
    }
}
