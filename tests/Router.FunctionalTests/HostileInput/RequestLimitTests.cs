using System.Text;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.HostileInput;

/// <summary>
/// <c>max_request_header_bytes</c>, <c>max_request_headers</c> and a malformed chunked body against the real
/// router over raw sockets: Gorouter's answer, the connection closed, nothing at the backend, the right counter.
/// </summary>
public sealed class RequestLimitTests(ITestOutputHelper output)
{
    private const string Host = "limits.test";

    [Fact]
    public async Task Send_MoreHeadersThanMaxRequestHeaders_431MaxRequestSizeExceededAndClosed()
    {
        await using var router = await RouterTestEnvironment.StartAsync("max_request_headers: 10", output: output);
        await using var backend = await TestBackend.StartAsync("limits");
        router.Register(backend, Host);

        var allowed = await SendAsync(router.ProxyPort, Headers(10));
        Assert.Equal(200, allowed.Answer?.Status);

        var refused = await SendAsync(router.ProxyPort, Headers(11));

        AssertRefusedAsTooLarge(refused);
        Assert.Equal(1, backend.RequestCount);
    }

    [Fact]
    public async Task Send_HeadersOverMaxRequestHeaderBytes_431MaxRequestSizeExceededAndClosed()
    {
        await using var router = await RouterTestEnvironment.StartAsync("max_request_header_bytes: 2048", output: output);
        await using var backend = await TestBackend.StartAsync("limits");
        router.Register(backend, Host);

        var allowed = await SendAsync(router.ProxyPort, $"X-Big: {new string('a', 1500)}\r\n");
        Assert.Equal(200, allowed.Answer?.Status);

        var refused = await SendAsync(router.ProxyPort, $"X-Big: {new string('a', 2048)}\r\n");

        AssertRefusedAsTooLarge(refused);
        Assert.Equal(1, backend.RequestCount);
    }

    [Fact]
    public async Task Send_HundredAndOneHeadersWithDefaults_Forwarded()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("limits");
        router.Register(backend, Host);

        var answer = await SendAsync(router.ProxyPort, Headers(101));

        Assert.Equal(200, answer.Answer?.Status);
        Assert.Equal(101, backend.ReceivedHeaders.Single().Keys.Count(k => k.StartsWith("X-Header-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Post_MalformedChunkedBody_400ClosedAndCountedAsRejected()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("chunks", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync(await reader.ReadToEndAsync());
        });
        router.Register(backend, Host);

        await using var connection = await RawConnection.OpenAsync(router.ProxyPort);
        await connection.SendAsync($"POST / HTTP/1.1\r\nHost: {Host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        var answer = await connection.ReadResponseAsync();

        Assert.Equal(400, answer?.Status);
        Assert.False(answer!.Headers.ContainsKey("X-Cf-Routererror"));
        Assert.True(await connection.IsClosedByServerAsync());
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "rejected request counted", m => m.Value("rejected_requests") >= 1);
        Assert.Equal(1, metrics.Value("rejected_requests"));
        Assert.Equal(0, metrics.Value("bad_gateways"));
        using var after = await router.GetAsync(Host);
        Assert.Equal(System.Net.HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [InlineData("Content-Length: +5\r\n")]
    [InlineData("X-A: a\u0001b\r\n")]
    public async Task Post_HeaderKestrelRefusesForTheRouter_400ClosedAndCountedOnce(string header)
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        await using var backend = await TestBackend.StartAsync("signs");
        router.Register(backend, Host);

        await using var connection = await RawConnection.OpenAsync(router.ProxyPort);
        await connection.SendAsync($"POST / HTTP/1.1\r\nHost: {Host}\r\n{header}\r\nhello");
        var answer = await connection.ReadResponseAsync();

        Assert.Equal(400, answer?.Status);
        Assert.True(await connection.IsClosedByServerAsync());
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "rejected request counted", m => m.Value("rejected_requests") >= 1);
        Assert.Equal(1, metrics.Value("rejected_requests"));
        Assert.Equal(0, backend.RequestCount);
    }

    private static void AssertRefusedAsTooLarge((RawResponse? Answer, bool Closed) refused)
    {
        Assert.Equal(431, refused.Answer?.Status);
        Assert.Equal("max-request-size-exceeded", refused.Answer!.Headers["X-Cf-Routererror"]);
        Assert.True(refused.Closed, "the router kept the connection open");
    }

    private static async Task<(RawResponse? Answer, bool Closed)> SendAsync(int port, string headers)
    {
        await using var connection = await RawConnection.OpenAsync(port);
        await connection.SendAsync($"GET / HTTP/1.1\r\nHost: {Host}\r\n{headers}\r\n");
        var answer = await connection.ReadResponseAsync();
        if (answer?.Status != 431)
        {
            return (answer, false);
        }

        return (answer, await connection.IsClosedByServerAsync());
    }

    private static string Headers(int count)
    {
        var headers = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            headers.Append("X-Header-").Append(i).Append(": v\r\n");
        }

        return headers.ToString();
    }
}
