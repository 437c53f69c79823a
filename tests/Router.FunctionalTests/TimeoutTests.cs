using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class TimeoutTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EndpointTimeout_BackendTooSlow_Returns502ContextDeadlineExceeded()
    {
        await using var router = await RouterTestEnvironment.StartAsync("endpoint_timeout: 1s", output: output);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await TestBackend.StartAsync("slow", async context =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
            await context.Response.WriteAsync("late");
        });
        router.Register(slow, "slow.test");

        using var response = await router.GetAsync("slow.test");
        release.TrySetResult();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("endpoint_failure (context deadline exceeded)", response.Headers.GetValues("X-Cf-Routererror").Single());
        Assert.Equal(1, (await MetricsScrape.FetchAsync(router.MetricsPort)).Value("bad_gateways"));
    }

    [Fact]
    public async Task EndpointTimeout_BoundsBodyStreamingToo_ResponseCutShort()
    {
        await using var router = await RouterTestEnvironment.StartAsync("endpoint_timeout: 1s", output: output);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var trickle = await TestBackend.StartAsync("trickle", async context =>
        {
            // Headers and a first chunk at once, then nothing until released: only a whole-exchange deadline ends this.
            await context.Response.WriteAsync("first chunk\n");
            await context.Response.Body.FlushAsync();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
            await context.Response.WriteAsync("never sent\n");
        });
        router.Register(trickle, "trickle.test");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "trickle.test";
        using var response = await router.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = response.Content.ReadAsStringAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => read.WaitAsync(TimeSpan.FromSeconds(20)));
        release.TrySetResult();
    }
}
