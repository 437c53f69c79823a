using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

/// <summary>
/// An <c>Expect: 100-continue</c> request reaches its backend with <c>Connection: close</c> unless
/// <c>keep_alive_100_continue_requests</c> (Gorouter <c>proxy/proxy.go</c>); other requests keep the connection.
/// </summary>
public sealed class Expect100ContinueTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("", true, "close")]
    [InlineData("", false, "")]
    [InlineData("keep_alive_100_continue_requests: true\n", true, "")]
    [InlineData("keep_alive_100_continue_requests: false\n", true, "close")]
    public async Task Post_ConnectionHeaderAtBackend(string yaml, bool expectContinue, string connection)
    {
        await using var router = await RouterTestEnvironment.StartAsync(yaml, output: output);
        await using var backend = await TestBackend.StartAsync("echo", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await context.Response.WriteAsync($"{context.Request.Headers.Connection}|{body}");
        });
        router.Register(backend, "expect.test");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new StringContent("payload") };
        request.Headers.Host = "expect.test";
        request.Headers.ExpectContinue = expectContinue;
        using var response = await router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{connection}|payload", await response.Content.ReadAsStringAsync());
    }
}
