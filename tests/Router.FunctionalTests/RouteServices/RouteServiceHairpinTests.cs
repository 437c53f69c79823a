using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.RouteServices;

/// <summary>
/// A route service that is itself an app behind this router (plain HTTP, registered as <c>rs.internal.test</c>, a
/// name no resolver knows): with hairpinning the router reaches it through its internal loopback listener.
/// </summary>
public sealed class RouteServiceHairpinTests(ITestOutputHelper output)
{
    private const string Secret = "hairpin-secret";

    [Fact]
    public async Task Get_ServiceIsRouteOfThisRouter_ReachedThroughInternalListener()
    {
        var (router, app, service) = await StartAsync("hairpin.test", "");
        await using var disposeRouter = router;
        await using var disposeApp = app;
        await using var disposeService = service;

        using var response = await router.GetAsync("hairpin.test", "/page");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("app", await response.Content.ReadAsStringAsync());
        Assert.Equal("/filter", Assert.Single(service.ReceivedTargets));
        Assert.Equal("rs.internal.test", Assert.Single(service.ReceivedHeaders)["Host"]);
        Assert.Equal("http://hairpin.test/page", Assert.Single(service.Signatures).ForwardedUrl);
        Assert.Equal(1, app.RequestCount);
    }

    [Fact]
    public async Task Get_ServiceNotInAllowlist_NotHairpinned()
    {
        var (router, app, service) = await StartAsync("outside.test", "route_services_hairpinning_allowlist: ['*.allowed.test']\n");
        await using var disposeRouter = router;
        await using var disposeApp = app;
        await using var disposeService = service;

        using var response = await router.GetAsync("outside.test", "/");

        // Sent out to the network instead, where the name does not resolve.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(service.ReceivedHeaders);
        Assert.Equal(0, app.RequestCount);
    }

    /// <summary>A router with hairpinning, the route service registered as <c>rs.internal.test</c>, and an app under <paramref name="boundHost"/> bound to it.</summary>
    private async Task<(RouterTestEnvironment Router, TestBackend App, RouteServiceApp Service)> StartAsync(string boundHost, string extraYaml)
    {
        var yaml = $"route_services_secret: {Secret}\nroute_services_hairpinning: true\nroute_services_internal_server_port: {FreePort.Next()}\n" + extraYaml;
        var router = await RouterTestEnvironment.StartAsync(yaml, output: output);
        var app = await TestBackend.StartAsync("app");
        var service = await RouteServiceApp.StartAsync(Secret, router.ProxyPort, certificate: null);
        router.RouteTable.Register(new RouteMessages.RegistrationMessage
        {
            Host = "127.0.0.1",
            Port = service.Port,
            Uris = ["rs.internal.test"],
            PrivateInstanceId = "rs-instance",
        });
        var bound = app.Registration(boundHost);
        bound.RouteServiceUrl = "https://rs.internal.test/filter";
        router.RouteTable.Register(bound);
        return (router, app, service);
    }
}
