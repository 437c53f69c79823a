using Router.Testing;

namespace Router.FunctionalTests.Tracing;

/// <summary>A GET through the router with the given request headers, each added as sent (no validation).</summary>
internal static class TracedRequest
{
    public static async Task<HttpResponseMessage> SendAsync(RouterTestEnvironment router, string host, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await router.Client.SendAsync(request);
    }
}
