using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Router.ProcessTests.Infrastructure;
using RouteMessages;

namespace Router.ProcessTests;

/// <summary>
/// The route dashboard from the router as shipped: its page, script and style sheet are embedded resources, which a
/// trimmed, published build must still carry; its API lists what NATS registered.
/// </summary>
public sealed class DashboardEndpointTests(RoutesEndpointTests.RouterFixture fixture) : IClassFixture<RoutesEndpointTests.RouterFixture>
{
    [Theory]
    [InlineData("/dashboard", "text/html", "/dashboard/dashboard.js")]
    [InlineData("/dashboard/dashboard.js", "text/javascript", "EventSource")]
    [InlineData("/dashboard/dashboard.css", "text/css", "@media")]
    public async Task Asset_WithCredentials_ServedFromTheExecutable(string path, string mediaType, string expectedText)
    {
        using var client = Client();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expectedText, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", string.Join(';', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutesApi_RouteRegisteredOverNats_Listed()
    {
        var message = new RegistrationMessage
        {
            Host = "127.0.0.1",
            Port = 61101,
            Uris = ["dashboard.process.test"],
            App = "app-guid-dashboard",
            PrivateInstanceId = "instance-dashboard",
            PrivateInstanceIndex = "3",
        };
        await fixture.Bus.RegisterAndWaitAsync(fixture.Router, message);
        using var client = Client();

        // The listing behind the API is rebuilt at most once a second after routes change.
        JsonElement route = default;
        await Router.Testing.Eventually.Until("the dashboard lists the route", async () =>
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/dashboard/api/routes?q=dashboard.process"));
            var routes = json.RootElement.GetProperty("routes");
            if (routes.GetArrayLength() == 0)
            {
                return false;
            }

            route = routes[0].Clone();
            return true;
        });

        Assert.Equal("dashboard.process.test", route.GetProperty("route").GetString());
        var endpoint = route.GetProperty("endpoints")[0];
        Assert.Equal("127.0.0.1:61101", endpoint.GetProperty("address").GetString());
        Assert.Equal("app-guid-dashboard", endpoint.GetProperty("app_id").GetString());
        Assert.Equal("3", endpoint.GetProperty("index").GetString());
    }

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Router.RoutesPort}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RouterProcess.StatusUser}:{RoutesEndpointTests.RouterFixture.Pass}")));
        return client;
    }
}
