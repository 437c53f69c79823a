using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class StickySessionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AppGuid = "0a1b2c3d-0000-4000-8000-00000000abcd";
    private RouterTestEnvironment _router = null!;
    private TestBackend[] _backends = [];

    public async Task InitializeAsync()
    {
        _router = await RouterTestEnvironment.StartAsync(output: output);
        _backends = new TestBackend[3];
        for (var i = 0; i < _backends.Length; i++)
        {
            var name = $"s{i}";
            _backends[i] = await TestBackend.StartAsync(name, async context =>
            {
                if (context.Request.Path == "/login")
                {
                    context.Response.Headers.Append("Set-Cookie", "JSESSIONID=abc123; Path=/; Secure; SameSite=Lax");
                }

                await context.Response.WriteAsync(name);
            });
            _backends[i].AppGuid = AppGuid;
            _backends[i].InstanceIndex = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _router.Register(_backends[i], "sticky.test");
        }
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task Response_SettingJsessionId_GetsVcapIdCookieAndLaterRequestsStick()
    {
        using var login = await _router.GetAsync("sticky.test", "/login");
        var servedBy = await login.Content.ReadAsStringAsync();
        var vcap = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__VCAP_ID__=", StringComparison.Ordinal));

        Assert.Equal($"__VCAP_ID__={servedBy}-instance; Path=/; HttpOnly; Secure; SameSite=Lax", vcap);
        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/page");
            request.Headers.Host = "sticky.test";
            request.Headers.TryAddWithoutValidation("Cookie", $"JSESSIONID=abc123; __VCAP_ID__={servedBy}-instance");
            using var response = await _router.Client.SendAsync(request);
            Assert.Equal(servedBy, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Response_InstanceIdsAreGuids_VcapIdCookieCarriesTheGuidAndLaterRequestsStick()
    {
        // Lower-case GUIDs are stored as 16 bytes, not as text: the cookie value is written from that form.
        string[] guids = ["7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a", "8e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b"];
        var byName = new Dictionary<string, string>();
        for (var i = 0; i < guids.Length; i++)
        {
            var message = _backends[i].Registration("guid.sticky.test");
            message.PrivateInstanceId = guids[i];
            _router.RouteTable.Register(message);
            byName[$"s{i}"] = guids[i];
        }

        using var login = await _router.GetAsync("guid.sticky.test", "/login");
        var servedBy = await login.Content.ReadAsStringAsync();
        var vcap = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__VCAP_ID__=", StringComparison.Ordinal));

        Assert.Equal($"__VCAP_ID__={byName[servedBy]}; Path=/; HttpOnly; Secure; SameSite=Lax", vcap);
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/page");
            request.Headers.Host = "guid.sticky.test";
            request.Headers.TryAddWithoutValidation("Cookie", $"JSESSIONID=abc123; __VCAP_ID__={byName[servedBy]}");
            using var response = await _router.Client.SendAsync(request);
            Assert.Equal(servedBy, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Request_StickyToUnknownInstance_ServedElsewhereWithNewCookie()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/page");
        request.Headers.Host = "sticky.test";
        request.Headers.TryAddWithoutValidation("Cookie", "JSESSIONID=abc123; __VCAP_ID__=gone-instance");

        using var response = await _router.Client.SendAsync(request);

        var servedBy = await response.Content.ReadAsStringAsync();
        Assert.Contains($"__VCAP_ID__={servedBy}-instance; Path=/; HttpOnly", response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task AppInstanceHeader_ValidInstance_RoutesOnlyThere()
    {
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Host = "sticky.test";
            request.Headers.TryAddWithoutValidation("X-CF-APP-INSTANCE", $"{AppGuid}:2");
            using var response = await _router.Client.SendAsync(request);
            Assert.Equal("s2", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("not-a-guid:1")]
    [InlineData("0A1B2C3D-0000-4000-8000-00000000ABCD:1")]
    [InlineData("0a1b2c3d-0000-4000-8000-00000000abcd")]
    [InlineData("0a1b2c3d-0000-4000-8000-00000000abcd:x")]
    public async Task AppInstanceHeader_Malformed_Returns400(string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "sticky.test";
        request.Headers.TryAddWithoutValidation("X-CF-APP-INSTANCE", value);

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_cf_app_instance_header", response.Headers.GetValues("X-Cf-Routererror").Single());
        Assert.Equal("400 Bad Request: Invalid X-CF-App-Instance Header\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AppInstanceHeader_UnknownInstance_Returns400UnknownRoute()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "sticky.test";
        request.Headers.TryAddWithoutValidation("X-CF-APP-INSTANCE", $"{AppGuid}:5");

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unknown_route", response.Headers.GetValues("X-Cf-Routererror").Single());
        Assert.Equal(
            $"400 Bad Request: Requested instance ('5') with guid ('{AppGuid}') does not exist for route ('sticky.test')\n",
            await response.Content.ReadAsStringAsync());
    }
}
