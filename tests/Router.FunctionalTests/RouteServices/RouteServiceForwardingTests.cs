using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.RouteServices;

public sealed class RouteServiceForwardingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_RouteBoundToService_GoesThroughServiceThenToApp()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("bound.test");

        using var response = await scenario.GetAsync("bound.test:8080", "/hello/world?q=1&r=%2F");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("app", await response.Content.ReadAsStringAsync());
        Assert.Equal("passed", Assert.Single(response.Headers.GetValues("X-Route-Service")));

        // At the route service: its own URL and host, the three headers, no instance headers.
        var atService = Assert.Single(scenario.Service.ReceivedHeaders);
        Assert.Equal("/rs/check?from=router", Assert.Single(scenario.Service.ReceivedTargets));
        Assert.Equal($"localhost:{scenario.Service.Port}", atService["Host"]);
        Assert.Equal("http://bound.test/hello/world?q=1&r=%2F", atService["X-CF-Forwarded-Url"]);
        Assert.False(atService.ContainsKey("X-CF-InstanceID"));
        Assert.False(atService.ContainsKey("X-CF-ApplicationID"));
        Assert.Equal("http", atService["X-Forwarded-Proto"]);
        var signature = Assert.Single(scenario.Service.Signatures);
        Assert.Equal("http://bound.test/hello/world?q=1&r=%2F", signature.ForwardedUrl);
        Assert.Equal(12, signature.NonceLength);
        Assert.InRange(DateTimeOffset.UtcNow - signature.RequestedTime, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(30));

        // At the app: the original target, without the route-service headers.
        var atApp = Assert.Single(scenario.App.ReceivedHeaders);
        Assert.Equal("/hello/world?q=1&r=%2F", Assert.Single(scenario.App.ReceivedTargets));
        Assert.False(atApp.ContainsKey("X-CF-Proxy-Signature"));
        Assert.False(atApp.ContainsKey("X-CF-Proxy-Metadata"));
        Assert.False(atApp.ContainsKey("X-CF-Forwarded-Url"));
        Assert.Equal("app-instance", atApp["X-CF-InstanceID"]);

        var metrics = await MetricsScrape.FetchAsync(scenario.Router.MetricsPort);
        Assert.Equal(1, metrics.Value("responses_route_services{status_group=\"2xx\"}"));
        Assert.Equal(2, metrics.Value("responses{status_group=\"2xx\"}"));
    }

    [Fact]
    public async Task Get_LongTarget_SignedCheckedAndReachesApp()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("long.test");
        var target = "/long/" + new string('a', 4_000) + "?q=1&r=%3Cx%3E";

        using var response = await scenario.GetAsync("long.test", target);

        // Past the 1 KB the signer keeps on the stack, both ways: signed going out, checked coming back.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://long.test" + target, Assert.Single(scenario.Service.Signatures).ForwardedUrl);
        Assert.Equal(target, Assert.Single(scenario.App.ReceivedTargets));
    }

    [Fact]
    public async Task Get_RecommendHttps_ForwardedUrlIsHttps()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output, "route_services_recommend_https: true\n");
        scenario.RegisterBound("secure.test");

        using var response = await scenario.GetAsync("secure.test", "/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://secure.test/x", Assert.Single(scenario.Service.Signatures).ForwardedUrl);
    }

    [Fact]
    public async Task Get_SignedWithDecryptOnlySecret_ReachesApp()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output, "route_services_secret_decrypt_only: previous-secret\n");
        scenario.RegisterBound("rotate.test");
        var (signature, metadata) = SignatureFormat.Encode("previous-secret", "http://rotate.test/", DateTimeOffset.UtcNow);

        using var response = await scenario.GetAsync("rotate.test", "/", ("X-CF-Proxy-Signature", signature), ("X-CF-Proxy-Metadata", metadata));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(scenario.Service.ReceivedHeaders);
        Assert.False(Assert.Single(scenario.App.ReceivedHeaders).ContainsKey("X-CF-Proxy-Signature"));
    }

    [Fact]
    public async Task Get_SignedForSameRouteOtherPath_ReachesApp()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("paths.test");
        var (signature, metadata) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://paths.test/one", DateTimeOffset.UtcNow);

        using var response = await scenario.GetAsync("paths.test", "/two", ("X-CF-Proxy-Signature", signature), ("X-CF-Proxy-Metadata", metadata));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
