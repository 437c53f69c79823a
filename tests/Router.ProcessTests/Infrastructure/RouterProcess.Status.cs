using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Router.Testing;

namespace Router.ProcessTests.Infrastructure;

/// <summary>The router's status, routes and metrics listeners, as a test reads them.</summary>
public sealed partial class RouterProcess
{
    /// <summary>GETs <paramref name="path"/> on the status port.</summary>
    public async Task<HttpResponseMessage> GetStatusAsync(string path)
    {
        using var client = HttpClients.Create();
        return await client.GetAsync(new Uri($"http://127.0.0.1:{StatusPort}{path}"));
    }

    /// <summary>GETs <c>/routes</c>; null <paramref name="user"/> sends no credentials.</summary>
    public async Task<HttpResponseMessage> GetRoutesAsync(string? user, string? pass)
    {
        using var client = HttpClients.Create();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{RoutesPort}/routes"));
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{pass}")));
        }

        return await client.SendAsync(request);
    }

    /// <summary>
    /// Waits until <c>/routes</c> (with the file's credentials unless given) lists <paramref name="routeKey"/> with an
    /// endpoint at <paramref name="address"/>, or with any endpoint when <paramref name="address"/> is null.
    /// </summary>
    public Task WaitForRouteAsync(string routeKey, string? address = null, string? pass = null) =>
        Eventually.Until($"/routes lists {routeKey} with {address ?? "an endpoint"}", async () =>
        {
            ThrowIfExited("while waiting for a route");
            using var response = await GetRoutesAsync(StatusUser, pass ?? StatusPass);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.TryGetProperty(routeKey, out var endpoints) &&
                endpoints.EnumerateArray().Any(e => address is null || e.GetProperty("address").GetString() == address);
        });

    /// <summary>One scrape of <c>/metrics</c>.</summary>
    public Task<MetricsScrape> ScrapeAsync() => MetricsScrape.FetchAsync(MetricsPort);

    /// <summary>The status of <c>/health</c>, or null while nothing listens on the status port.</summary>
    public async Task<HttpStatusCode?> GetHealthStatusAsync()
    {
        try
        {
            using var response = await GetStatusAsync("/health");
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
