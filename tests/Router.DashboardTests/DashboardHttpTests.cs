using System.Net;
using System.Text;
using System.Text.Json;
using Router.Dashboard;
using Router.Testing;

namespace Router.DashboardTests;

[Collection(SharedDashboard.Name)]
public sealed class DashboardHttpTests(DashboardFixture fixture)
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/dashboard.js")]
    [InlineData("/dashboard/api/routes?q=a")]
    [InlineData("/dashboard/events")]
    public async Task Get_WithoutCredentials_401WithBasicChallenge(string path)
    {
        using var client = fixture.StatusClient(withCredentials: false);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Get_WrongPassword_401()
    {
        using var client = fixture.StatusClient(withCredentials: false);
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fixture.User}:wrong")));

        using var response = await client.GetAsync("/dashboard/api/routes");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Page_Headers_ForbidInlineScriptAndOtherOrigins()
    {
        using var client = fixture.StatusClient();

        using var response = await client.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/dashboard/dashboard.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutesApi_MegabyteSearch_RefusedWithout200()
    {
        using var client = fixture.StatusClient();

        using var response = await client.GetAsync("/dashboard/api/routes?q=" + new string('a', 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task RoutesApi_QueryStringOverLimitUnderKestrels_414FromTheDashboard()
    {
        using var client = fixture.StatusClient();

        using var response = await client.GetAsync("/dashboard/api/routes?q=" + new string('a', RoutePageQuery.MaxQueryStringLength));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.StartsWith("query string: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutesApi_SearchLongerThanLimit_400NamingTheParameter()
    {
        using var client = fixture.StatusClient();

        using var response = await client.GetAsync("/dashboard/api/routes?q=" + new string('a', RoutePageQuery.MaxSearchLength + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("q: ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("size=201")]
    [InlineData("size=0")]
    [InlineData("page=0")]
    [InlineData("page=x")]
    public async Task RoutesApi_OutOfRangePaging_400(string query)
    {
        using var client = fixture.StatusClient();

        using var response = await client.GetAsync("/dashboard/api/routes?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RoutesApi_Search_AnswersPageWithEndpointFields()
    {
        fixture.Router.Register(fixture.Backend, "fields.api.test/v1");
        using var client = fixture.StatusClient();

        // The listing is rebuilt at most once a second after routes change, so the new route can take that long.
        JsonDocument json = null!;
        await Eventually.Until("the route is listed", async () =>
        {
            using var response = await client.GetAsync("/dashboard/api/routes?q=FIELDS.api&size=10");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            json?.Dispose();
            json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("total").GetInt32() == 1;
        });

        using var _ = json;
        var root = json.RootElement;
        var route = Assert.Single(root.GetProperty("routes").EnumerateArray().ToList());
        Assert.Equal("fields.api.test/v1", route.GetProperty("route").GetString());
        var endpoint = Assert.Single(route.GetProperty("endpoints").EnumerateArray().ToList());
        Assert.Equal($"127.0.0.1:{fixture.Backend.Port}", endpoint.GetProperty("address").GetString());
        Assert.False(endpoint.GetProperty("tls").GetBoolean());
        Assert.Equal(0, endpoint.GetProperty("in_flight").GetInt32());
        Assert.True(endpoint.GetProperty("age_seconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task Events_OpenStream_SendsSummaryWithTableCounts()
    {
        using var client = fixture.StatusClient();
        using var response = await client.GetAsync("/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("event: summary", await reader.ReadLineAsync());
        var data = await reader.ReadLineAsync();

        Assert.StartsWith("data: ", data, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(data!["data: ".Length..]);
        Assert.Equal(fixture.Router.RouteTable.RouteCount > 0, json.RootElement.GetProperty("routes").GetInt32() > 0);
        Assert.Equal("connected", json.RootElement.GetProperty("nats").GetString());
    }

    [Fact]
    public async Task Events_NatsConnectionCut_SummaryReportsDisconnectedThenConnected()
    {
        await using var relay = TcpRelay.Start(fixture.Nats.Port);
        await using var router = await RouterTestEnvironment.StartAsync(nats: fixture.Nats, natsRelay: relay);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{router.RoutesPort}") };
        client.DefaultRequestHeaders.Authorization = new(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{router.Options.Status.User}:{router.Options.Status.Pass}")));
        using var response = await client.GetAsync("/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("connected", await NextNatsStateAsync(reader));

        relay.Cut();
        await ReadUntilNatsStateAsync(reader, "disconnected");
        relay.Restore();
        await ReadUntilNatsStateAsync(reader, "connected");
    }

    private static async Task<string?> NextNatsStateAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var json = JsonDocument.Parse(line["data: ".Length..]);
                return json.RootElement.GetProperty("nats").GetString();
            }
        }

        return null;
    }

    private static Task ReadUntilNatsStateAsync(StreamReader reader, string state) =>
        Eventually.Until($"a summary says NATS is {state}", async () => await NextNatsStateAsync(reader) == state, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Dispose_WithEventStreamOpen_EndsTheStreamAndStops()
    {
        var router = await RouterTestEnvironment.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{router.RoutesPort}") };
        client.DefaultRequestHeaders.Authorization = new(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{router.Options.Status.User}:{router.Options.Status.Pass}")));
        using var response = await client.GetAsync("/dashboard/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: summary", await reader.ReadLineAsync());

        // Without the listener's stopping signal the open stream would hold the stop until Kestrel gives up on it.
        await router.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        // Throws TimeoutException when the stream stays open.
        await ReadToEndOfStreamAsync(reader).WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static async Task ReadToEndOfStreamAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync() is not null)
            {
            }
        }
        catch (IOException)
        {
            // The connection was closed under the reader: the stream has ended all the same.
        }
    }
}
