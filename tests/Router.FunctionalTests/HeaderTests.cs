using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed partial class HeaderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RouterTestEnvironment _router = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _router = await RouterTestEnvironment.StartAsync(output: output);
        _backend = await TestBackend.StartAsync("headers", async context =>
        {
            context.Response.Headers["Keep-Alive"] = "timeout=5";
            context.Response.Headers["X-App"] = "yes";
            await context.Response.WriteAsync("ok");
        });
        _router.Register(_backend, "headers.test");
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Get_NoForwardingHeaders_BackendGetsGorouterHeaders()
    {
        using var response = await _router.GetAsync("headers.test", "/some/path?q=1");

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal("headers.test", seen["Host"]);
        Assert.Equal("127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal("http", seen["X-Forwarded-Proto"]);
        Assert.Matches(@"^\d{13}$", seen["X-Request-Start"]);
        Assert.Matches(GuidPattern(), seen["X-Vcap-Request-Id"]);
        Assert.Equal(seen["X-Vcap-Request-Id"], response.Headers.GetValues("X-Vcap-Request-Id").Single());
        Assert.Equal(_backend.AppGuid, seen["X-CF-ApplicationID"]);
        Assert.Equal("0", seen["X-CF-InstanceIndex"]);
        Assert.Equal("headers-instance", seen["X-CF-InstanceID"]);
        Assert.Equal("yes", response.Headers.GetValues("X-App").Single());
        Assert.False(response.Headers.Contains("Keep-Alive"));
    }

    [Fact]
    public async Task Get_Utf8HeaderValue_ForwardedUnchanged()
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            RequestHeaderEncodingSelector = static (_, _) => System.Text.Encoding.UTF8,
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, _router.Client.BaseAddress);
        request.Headers.Host = "headers.test";
        request.Headers.TryAddWithoutValidation("X-Name", "Zoë Ångström ☃");

        using var response = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Zoë Ångström ☃", _backend.ReceivedHeaders.Single()["X-Name"]);
    }

    [Fact]
    public async Task Get_IncomingForwardingHeaders_AppendedKeptOrOverwritten()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "headers.test";
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "1.2.3.4, 5.6.7.8");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Request-Start", "123");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "original.example");
        request.Headers.TryAddWithoutValidation("X-CF-ApplicationID", "spoofed");
        request.Headers.TryAddWithoutValidation("X-CF-InstanceID", "spoofed");
        request.Headers.TryAddWithoutValidation("X-Vcap-Request-Id", "11111111-1111-4111-8111-111111111111");

        using var response = await _router.Client.SendAsync(request);

        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal("1.2.3.4, 5.6.7.8, 127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal("https", seen["X-Forwarded-Proto"]);
        Assert.Equal("123", seen["X-Request-Start"]);
        Assert.Equal("original.example", seen["X-Forwarded-Host"]);
        Assert.Equal(_backend.AppGuid, seen["X-CF-ApplicationID"]);
        Assert.Equal("headers-instance", seen["X-CF-InstanceID"]);
        Assert.NotEqual("11111111-1111-4111-8111-111111111111", seen["X-Vcap-Request-Id"]);
    }

    [Fact]
    public async Task Get_HopByHopHeaders_RemovedTowardBackend()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "headers.test";
        request.Headers.TryAddWithoutValidation("Connection", "X-Secret-Hop");
        request.Headers.TryAddWithoutValidation("X-Secret-Hop", "drop me");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("X-CF-APP-INSTANCE", $"{_backend.AppGuid}:0");

        using var response = await _router.Client.SendAsync(request);

        var seen = _backend.ReceivedHeaders.Single();
        Assert.False(seen.ContainsKey("X-Secret-Hop"));
        Assert.False(seen.ContainsKey("Keep-Alive"));
        Assert.False(seen.ContainsKey("Proxy-Connection"));
        Assert.False(seen.ContainsKey("X-CF-APP-INSTANCE"));
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex GuidPattern();
}
