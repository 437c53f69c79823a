using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.RouteServices;

/// <summary>Signatures a client or a broken route service sends back: each refused as Gorouter refuses it, the app never reached.</summary>
public sealed class RouteServiceSignatureErrorTests(ITestOutputHelper output)
{
    private const string FailedPrefix = "502 Bad Gateway: Failed to validate Route Service Signature: ";

    [Fact]
    public async Task Get_ForgedSignature_502WithoutRouterError()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("forged.test");
        var (_, metadata) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://forged.test/", DateTimeOffset.UtcNow);
        var (forged, _) = SignatureFormat.Encode("not-the-secret", "http://forged.test/", DateTimeOffset.UtcNow);

        using var response = await scenario.GetAsync("forged.test", "/", ("X-CF-Proxy-Signature", forged), ("X-CF-Proxy-Metadata", metadata));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(FailedPrefix + "cipher: message authentication failed\n", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-Cf-Routererror"));
        Assert.Equal(0, scenario.App.RequestCount);
        Assert.Empty(scenario.Service.ReceivedHeaders);
    }

    [Fact]
    public async Task Get_TruncatedSignature_502()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("truncated.test");
        var (signature, metadata) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://truncated.test/", DateTimeOffset.UtcNow);

        using var response = await scenario.GetAsync("truncated.test", "/", ("X-CF-Proxy-Signature", signature[..20]), ("X-CF-Proxy-Metadata", metadata));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith(FailedPrefix, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, scenario.App.RequestCount);
    }

    [Fact]
    public async Task Get_MetadataNotUtf8_502InvalidMetadataAndNextRequestServed()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("latin1.test");
        var (signature, _) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://latin1.test/", DateTimeOffset.UtcNow);
        var metadata = Convert.ToBase64String(System.Text.Encoding.Latin1.GetBytes("{\"\u00ff\":1,\"nonce\":\"AAECAwQFBgcICQoL\"}"))
            .Replace('+', '-').Replace('/', '_');

        using var response = await scenario.GetAsync("latin1.test", "/", ("X-CF-Proxy-Signature", signature), ("X-CF-Proxy-Metadata", metadata));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(FailedPrefix + "invalid metadata JSON\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, scenario.App.RequestCount);
        using var next = await scenario.GetAsync("latin1.test", "/");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Get_SignatureWithoutMetadata_502NoMetadataFound()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("nometa.test");
        var (signature, _) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://nometa.test/", DateTimeOffset.UtcNow);

        using var response = await scenario.GetAsync("nometa.test", "/", ("X-CF-Proxy-Signature", signature));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(FailedPrefix + "No metadata found\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_ReplayedOldSignature_504()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("old.test");
        var (signature, metadata) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://old.test/", DateTimeOffset.UtcNow.AddSeconds(-61));

        using var response = await scenario.GetAsync("old.test", "/", ("X-CF-Proxy-Signature", signature), ("X-CF-Proxy-Metadata", metadata));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("504 Gateway Timeout: Failed to validate Route Service Signature: route service request expired\n", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-Cf-Routererror"));
        Assert.Equal(0, scenario.App.RequestCount);
    }

    [Fact]
    public async Task Get_SignatureForAnotherRoute_502DoesNotMatch()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.RegisterBound("mine.test");
        scenario.RegisterBound("theirs.test");
        var (signature, metadata) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://theirs.test/", DateTimeOffset.UtcNow);

        using var response = await scenario.GetAsync("mine.test", "/", ("X-CF-Proxy-Signature", signature), ("X-CF-Proxy-Metadata", metadata));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(
            FailedPrefix + "route service forwarded URL mine.test/ does not match the original request URL theirs.test/\n",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(0, scenario.App.RequestCount);

        // Other requests are unaffected.
        using var next = await scenario.GetAsync("mine.test", "/");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Get_SignatureOnRouteWithoutService_PassesThroughUnchecked()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output);
        scenario.Router.Register(scenario.App, "plain.test");

        using var response = await scenario.GetAsync("plain.test", "/", ("X-CF-Proxy-Signature", "garbage"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("garbage", Assert.Single(scenario.App.ReceivedHeaders)["X-CF-Proxy-Signature"]);
    }

    [Fact]
    public async Task Get_StrictValidationBadSignature_400InvalidRouteServiceSignature()
    {
        await using var scenario = await RouteServiceScenario.StartAsync(output, "route_services:\n  strict_signature_validation: true\n");
        scenario.Router.Register(scenario.App, "strict.test");
        var (expired, expiredMetadata) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://strict.test/", DateTimeOffset.UtcNow.AddMinutes(-5));
        var (valid, validMetadata) = SignatureFormat.Encode(RouteServiceScenario.Secret, "http://strict.test/", DateTimeOffset.UtcNow);

        using var bad = await scenario.GetAsync("strict.test", "/", ("X-CF-Proxy-Signature", "garbage"));
        using var old = await scenario.GetAsync("strict.test", "/", ("X-CF-Proxy-Signature", expired), ("X-CF-Proxy-Metadata", expiredMetadata));
        using var good = await scenario.GetAsync("strict.test", "/", ("X-CF-Proxy-Signature", valid), ("X-CF-Proxy-Metadata", validMetadata));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid_route_service_signature", Assert.Single(bad.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal("400 Bad Request: invalid route service signature detected\n", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.GatewayTimeout, old.StatusCode);
        Assert.Equal("expired_route_service_signature", Assert.Single(old.Headers.GetValues("X-Cf-Routererror")));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(1, scenario.App.RequestCount);
    }
}
