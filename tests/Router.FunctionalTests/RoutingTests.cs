using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class RoutingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RouterTestEnvironment _router = null!;
    private TestBackend _root = null!;
    private TestBackend _api = null!;
    private TestBackend _wild = null!;

    public async Task InitializeAsync()
    {
        _router = await RouterTestEnvironment.StartAsync(output: output);
        _root = await TestBackend.StartAsync("root");
        _api = await TestBackend.StartAsync("api");
        _wild = await TestBackend.StartAsync("wild");
        _router.Register(_root, "app.test");
        _router.Register(_api, "app.test/api");
        _router.Register(_wild, "*.wild.test");
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _root.DisposeAsync();
        await _api.DisposeAsync();
        await _wild.DisposeAsync();
    }

    [Theory]
    [InlineData("app.test", "/", "root")]
    [InlineData("APP.TEST", "/", "root")]
    [InlineData("app.test:443", "/", "root")]
    [InlineData("app.test", "/api", "api")]
    [InlineData("app.test", "/api/", "api")]
    [InlineData("app.test", "/api/x?y=1", "api")]
    [InlineData("app.test", "/API/x", "api")]
    [InlineData("app.test", "/apix", "root")]
    [InlineData("a.wild.test", "/", "wild")]
    [InlineData("b.a.wild.test", "/anything", "wild")]
    public async Task Get_RegisteredRoute_ReachesExpectedBackend(string host, string path, string expected)
    {
        using var response = await _router.GetAsync(host, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/foo/../api/x?q=%2F")]
    [InlineData("/%61pi/x")]
    [InlineData("//api/x")]
    public async Task Get_UnnormalisedTarget_RoutedWithoutDecodingAndForwardedUnchanged(string target)
    {
        var answer = await RawHttp.GetAsync(_router.ProxyPort, "app.test", target);

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Contains("\r\nroot\r\n", answer, StringComparison.Ordinal);
        Assert.Contains(target, _root.ReceivedTargets);
    }

    [Theory]
    [InlineData("unknown.test")]
    [InlineData("wild.test")]
    [InlineData("app.test.")]
    public async Task Get_UnknownHost_Returns404UnknownRoute(string host)
    {
        using var response = await _router.GetAsync(host, "/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_route", response.Headers.GetValues("X-Cf-Routererror").Single());
        Assert.Equal("no-cache, no-store", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal($"404 Not Found: Requested route ('{host}') does not exist.\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Get_EmptyHostHeader_Returns400EmptyHost()
    {
        var raw = await RawHttp.SendAsync(_router.ProxyPort, "GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", raw, StringComparison.Ordinal);
        Assert.Contains("X-Cf-Routererror: empty_host", raw, StringComparison.Ordinal);
        Assert.EndsWith("400 Bad Request: Request had empty Host header\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_HostEqualToClientIp_Returns400EmptyHost()
    {
        using var response = await _router.GetAsync("127.0.0.1", "/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("empty_host", response.Headers.GetValues("X-Cf-Routererror").Single());
    }

    [Fact]
    public async Task Get_AfterDeeperRouteUnregistered_FallsBackToHostRoute()
    {
        _router.RouteTable.Unregister(_api.Registration("app.test/api"));

        using var response = await _router.GetAsync("app.test", "/api/x");

        Assert.Equal("root", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_OneMessageSeveralUris_RoutesEach()
    {
        await using var multi = await TestBackend.StartAsync("multi");
        _router.Register(multi, "one.test", "two.test/path");

        using var first = await _router.GetAsync("one.test");
        using var second = await _router.GetAsync("two.test", "/path/x");

        Assert.Equal("multi", await first.Content.ReadAsStringAsync());
        Assert.Equal("multi", await second.Content.ReadAsStringAsync());
    }
}
