using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using NATS.Client.Core;
using Router.Testing;
using RouteMessages;

namespace Router.DashboardTests;

/// <summary>
/// One router fed by a real nats-server, one backend, and Debian's chromium driven by Playwright, shared by the
/// dashboard tests. Each test registers routes under hosts of its own and searches for them, so tests do not see
/// each other's rows.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright's own browser download is not used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private NatsConnection _publisher = null!;
    private IPlaywright _playwright = null!;

    public NatsServerProcess Nats { get; private set; } = null!;

    internal RouterTestEnvironment Router { get; private set; } = null!;

    public TestBackend Backend { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string User => Router.Options.Status.User;

    public string Password => Router.Options.Status.Pass;

    public async Task InitializeAsync()
    {
        Nats = await NatsServerProcess.StartNewAsync();
        _publisher = new NatsConnection(new NatsOpts { Url = Nats.Url, Name = "dashboard-tests" });
        await _publisher.ConnectAsync();
        Router = await RouterTestEnvironment.StartAsync(nats: Nats);
        Backend = await TestBackend.StartAsync("dashboard-backend");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Args = ["--no-sandbox"] });
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Backend.DisposeAsync();
        await Router.DisposeAsync();
        await _publisher.DisposeAsync();
        await Nats.DisposeAsync();
    }

    /// <summary>Sends <paramref name="message"/> on <c>router.register</c> and waits until the router has its first URI.</summary>
    public async Task RegisterOverNatsAsync(RegistrationMessage message)
    {
        await _publisher.PublishAsync(NatsSubjects.Register, RegistrationMessageParser.Serialize(message));
        var first = message.Uris[0];
        var slash = first.IndexOf('/', StringComparison.Ordinal);
        var (host, path) = slash < 0 ? (first, "/") : (first[..slash], first[slash..]);
        await Eventually.Until($"{first} registered", () => Router.RouteTable.Lookup(host, path) is not null);
    }

    /// <summary>A page of a fresh browser context that answers the Basic challenge with the status credentials.</summary>
    public Task<IPage> OpenDashboardAsync(int width = 1280, int height = 900) => OpenDashboardAsync(Router, width, height);

    /// <summary>The dashboard of <paramref name="router"/> in a fresh browser context of the given viewport.</summary>
    internal async Task<IPage> OpenDashboardAsync(RouterTestEnvironment router, int width, int height)
    {
        var context = await Browser.NewContextAsync(new()
        {
            HttpCredentials = new() { Username = router.Options.Status.User, Password = router.Options.Status.Pass },
            ViewportSize = new() { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{router.RoutesPort}/dashboard");
        return page;
    }

    /// <summary>An HTTP client for the <c>/routes</c> listener, with the status credentials unless told otherwise.</summary>
    public HttpClient StatusClient(bool withCredentials = true)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Router.RoutesPort}"), Timeout = TimeSpan.FromSeconds(30) };
        if (withCredentials)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        }

        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class SharedDashboard : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
