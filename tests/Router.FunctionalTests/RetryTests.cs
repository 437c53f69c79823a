using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using RouteRegistry;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class RetryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_DeadEndpointBesideLiveOne_NoClientVisibleError()
    {
        await using var router = await RouterTestEnvironment.StartAsync("backends:\n  max_attempts: 3", output: output);
        await using var live = await TestBackend.StartAsync("live");
        router.Register(live, "retry.test");
        router.RouteTable.Register(DeadEndpoint(FreePort.Next(), "retry.test"));

        for (var i = 0; i < 20; i++)
        {
            using var response = await router.GetAsync("retry.test");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("live", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Post_DeadEndpointBesideLiveOne_BodyReachesLiveBackend()
    {
        await using var router = await RouterTestEnvironment.StartAsync("backends:\n  max_attempts: 3", output: output);
        await using var live = await TestBackend.StartAsync("echo", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await context.Response.WriteAsync(body);
        });
        router.Register(live, "post.test");
        router.RouteTable.Register(DeadEndpoint(FreePort.Next(), "post.test"));

        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent($"payload-{i}") };
            request.Headers.Host = "post.test";
            using var response = await router.Client.SendAsync(request);
            Assert.Equal($"payload-{i}", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Get_AllEndpointsDead_Returns502WithEndpointFailure()
    {
        await using var router = await RouterTestEnvironment.StartAsync("backends:\n  max_attempts: 3", output: output);
        var ports = Enumerable.Range(0, 4).Select(_ => FreePort.Next()).ToArray();
        foreach (var port in ports)
        {
            router.RouteTable.Register(DeadEndpoint(port, "dead.test"));
        }

        using var response = await router.GetAsync("dead.test");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = response.Headers.GetValues("X-Cf-Routererror").Single();
        Assert.Matches(@"^endpoint_failure \(dial tcp 127\.0\.0\.1:\d+: connect: connection refused\)$", error);
        Assert.Equal("502 Bad Gateway: Registered endpoint failed to handle the request.\n", await response.Content.ReadAsStringAsync());
        var metrics = await MetricsScrape.FetchAsync(router.MetricsPort);
        Assert.Equal(1, metrics.Value("bad_gateways"));

        // Never more attempts than max_attempts: 3 of the 4 endpoints were tried.
        Assert.Equal(3, metrics.Sum("total_requests"));
    }

    internal static RegistrationMessage DeadEndpoint(int port, string uri) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Uris = [uri],
        App = "dead-app",
        PrivateInstanceId = $"dead-{port}",
        PrivateInstanceIndex = "0",
    };
}
