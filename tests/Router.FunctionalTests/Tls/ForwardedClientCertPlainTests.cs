using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tls;

/// <summary><c>forwarded_client_cert</c> on the plain HTTP listener: a client-supplied header is a forgery there.</summary>
public sealed class ForwardedClientCertPlainTests(ITestOutputHelper output)
{
    private const string Spoofed = "MIIBspoofed";

    [Theory]
    [InlineData("always_forward", Spoofed)]
    [InlineData("forward", null)]
    [InlineData("sanitize_set", null)]
    public async Task Get_SpoofedHeaderOnPlainConnection_BackendSeesModeResult(string mode, string? expected)
    {
        await using var router = await RouterTestEnvironment.StartAsync($"forwarded_client_cert: {mode}", output: output);
        await using var backend = await TestBackend.StartAsync("xfcc");
        router.Register(backend, "xfcc.test");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "xfcc.test";
        request.Headers.TryAddWithoutValidation("X-Forwarded-Client-Cert", Spoofed);

        using var response = await router.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var seen = backend.ReceivedHeaders.Single();
        Assert.Equal(expected, seen.GetValueOrDefault("X-Forwarded-Client-Cert"));
    }
}
