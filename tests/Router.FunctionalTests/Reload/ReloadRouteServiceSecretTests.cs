using System.Net;
using Router.FunctionalTests.RouteServices;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Reload;

/// <summary>Route-service secret rotation by reload: the new secret signs and checks, the old one still decrypts.</summary>
public sealed class ReloadRouteServiceSecretTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_SecretRotated_NewSignaturesAcceptedAndOldOnesStillDecrypted()
    {
        await using var file = await ReloadFile.StartAsync("route_services_secret: old-secret", output);
        await using var app = await TestBackend.StartAsync("app");
        var registration = app.Registration("rotated.test");

        // A returning request with a valid signature goes straight to the app: the route service itself is never called.
        registration.RouteServiceUrl = "https://localhost:1/rs";
        file.Router.RouteTable.Register(registration);
        var (newSignature, newMetadata) = SignatureFormat.Encode("new-secret", "http://rotated.test/", DateTimeOffset.UtcNow);
        using var before = await SendSignedAsync(file, newSignature, newMetadata);

        var result = await file.ReloadAsync("route_services_secret: new-secret\nroute_services_secret_decrypt_only: old-secret");
        var (oldSignature, oldMetadata) = SignatureFormat.Encode("old-secret", "http://rotated.test/", DateTimeOffset.UtcNow);
        using var signedNew = await SendSignedAsync(file, newSignature, newMetadata);
        using var signedOld = await SendSignedAsync(file, oldSignature, oldMetadata);

        Assert.Equal(HttpStatusCode.BadGateway, before.StatusCode);
        Assert.Equal(["route_services_secret", "route_services_secret_decrypt_only"], result.Changed);
        Assert.Equal(HttpStatusCode.OK, signedNew.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedOld.StatusCode);
        Assert.Equal(2, app.RequestCount);
    }

    [Fact]
    public async Task Reload_RouteServicesTurnedOff_RestartNeededAndSecretKept()
    {
        await using var file = await ReloadFile.StartAsync("route_services_secret: kept-secret", output);

        var result = await file.ReloadAsync("");

        Assert.True(result.Applied);
        Assert.Equal(["route_services_secret"], result.RestartNeeded);
        Assert.Equal("kept-secret", file.Router.Host.Running.RouteServices.Secret);
    }

    private static Task<HttpResponseMessage> SendSignedAsync(ReloadFile file, string signature, string metadata)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "rotated.test";
        request.Headers.TryAddWithoutValidation("X-CF-Proxy-Signature", signature);
        request.Headers.TryAddWithoutValidation("X-CF-Proxy-Metadata", metadata);
        return file.Router.Client.SendAsync(request);
    }
}
