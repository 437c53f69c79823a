using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class LoadBalancingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RoundRobin_300RequestsOver3Backends_SpreadEvenly()
    {
        await using var router = await RouterTestEnvironment.StartAsync(output: output);
        var backends = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => TestBackend.StartAsync($"b{i}")));
        try
        {
            foreach (var backend in backends)
            {
                router.Register(backend, "rr.test");
            }

            for (var i = 0; i < 300; i++)
            {
                using var response = await router.GetAsync("rr.test");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            foreach (var backend in backends)
            {
                Assert.InRange(backend.RequestCount, 95, 105);
            }
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task LeastConnection_OneBackendBusy_PrefersIdleBackend()
    {
        await using var router = await RouterTestEnvironment.StartAsync("balancing_algorithm: least-connection", output: output);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await TestBackend.StartAsync("slow", async context =>
        {
            if (context.Request.Path == "/hold")
            {
                slowStarted.TrySetResult();
                await release.Task;
            }

            await context.Response.WriteAsync("slow");
        });
        await using var idle = await TestBackend.StartAsync("idle");
        router.Register(slow, "lc.test");
        router.Register(idle, "lc.test");

        // Hold requests until one of them sits on the slow backend.
        var held = new List<Task<HttpResponseMessage>>();
        while (!slowStarted.Task.IsCompleted)
        {
            held.Add(router.GetAsync("lc.test", "/hold"));
            await Task.WhenAny(slowStarted.Task, Task.WhenAll(held));
        }

        for (var i = 0; i < 20; i++)
        {
            using var response = await router.GetAsync("lc.test", "/quick");
            Assert.Equal("idle", await response.Content.ReadAsStringAsync());
        }

        release.SetResult();
        foreach (var response in await Task.WhenAll(held))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task MaxConns_AllEndpointsAtLimit_Returns503ConnectionLimitReached()
    {
        await using var router = await RouterTestEnvironment.StartAsync("backends:\n  max_conns: 1", output: output);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await TestBackend.StartAsync("busy", async context =>
        {
            started.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync("done");
        });
        router.Register(backend, "limit.test");

        var first = router.GetAsync("limit.test");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var second = await router.GetAsync("limit.test");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("Connection Limit Reached", second.Headers.GetValues("X-Cf-Routererror").Single());
        Assert.Equal("503 Service Unavailable: Requested route ('limit.test') has reached the connection limit.\n", await second.Content.ReadAsStringAsync());
        release.SetResult();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(1, (await MetricsScrape.FetchAsync(router.MetricsPort)).Value("backend_exhausted_conns"));
    }
}
