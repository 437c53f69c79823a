using System.Net;
using Microsoft.AspNetCore.Http;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

/// <summary>
/// <c>sticky_sessions_for_auth_negotiate</c> (Gorouter <c>handlers/helpers.go</c>, <c>proxy/round_tripper/proxy_round_tripper.go</c>):
/// a Negotiate challenge sets a 60-second <c>__VCAP_ID__</c>, and a request with <c>Authorization: Negotiate</c> and that
/// cookie goes to that instance only.
/// </summary>
public sealed class AuthNegotiateStickyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RouterTestEnvironment _router = null!;
    private RouterTestEnvironment _plain = null!;
    private TestBackend[] _backends = [];

    public async Task InitializeAsync()
    {
        _router = await RouterTestEnvironment.StartAsync("sticky_sessions_for_auth_negotiate: true\n", output: output);
        _plain = await RouterTestEnvironment.StartAsync(output: output);
        _backends = new TestBackend[3];
        for (var i = 0; i < _backends.Length; i++)
        {
            var name = $"k{i}";
            _backends[i] = await TestBackend.StartAsync(name, async context =>
            {
                if (context.Request.Headers.Authorization.Count == 0)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Negotiate";
                }

                await context.Response.WriteAsync(name);
            });
            _router.Register(_backends[i], "kerberos.test");
            _plain.Register(_backends[i], "kerberos.test");
        }
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _plain.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    [Fact]
    public async Task NegotiateChallenge_SetsShortLivedStrictVcapId()
    {
        using var challenge = await SendAsync(_router);

        var servedBy = await challenge.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.Equal(
            $"__VCAP_ID__={servedBy}-instance; Path=/; HttpOnly; Max-Age=60; SameSite=Strict",
            Assert.Single(challenge.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task NegotiateWithVcapId_AlwaysThatInstanceAndNoNewCookie()
    {
        for (var i = 0; i < 9; i++)
        {
            using var response = await SendAsync(_router, ("Authorization", "Negotiate YIIB"), ("Cookie", "__VCAP_ID__=k1-instance"));
            Assert.Equal("k1", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task NegotiateWithVcapIdOfGoneInstance_502NotAnotherInstance()
    {
        using var response = await SendAsync(_router, ("Authorization", "negotiate YIIB"), ("Cookie", "__VCAP_ID__=gone-instance"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("endpoint_failure (No endpoints available)", Assert.Single(response.Headers.GetValues("X-Cf-Routererror")));
        Assert.All(_backends, backend => Assert.Equal(0, backend.RequestCount));
    }

    [Fact]
    public async Task SettingOff_NoCookieAndNoPinning()
    {
        using var challenge = await SendAsync(_plain);
        Assert.False(challenge.Headers.Contains("Set-Cookie"));

        var servedBy = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await SendAsync(_plain, ("Authorization", "Negotiate YIIB"), ("Cookie", "__VCAP_ID__=k1-instance"));
            servedBy.Add(await response.Content.ReadAsStringAsync());
        }

        // Round-robin over three instances: six requests reach each of them.
        Assert.Equal(["k0", "k1", "k2"], servedBy.Order());
    }

    private static Task<HttpResponseMessage> SendAsync(RouterTestEnvironment router, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "kerberos.test";
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return router.Client.SendAsync(request);
    }
}
