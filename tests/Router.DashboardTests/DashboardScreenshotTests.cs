using Microsoft.Playwright;
using Router.Testing;
using RouteMessages;
using static Microsoft.Playwright.Assertions;

namespace Router.DashboardTests;

/// <summary>
/// The dashboard of a router with a realistic table and traffic, on a desktop and a phone-sized viewport. The
/// screenshots go to the directory in <c>DASHBOARD_SCREENSHOTS_DIR</c> (scripts/dashboard-screenshots.sh sets it to
/// docs/images), else to a temporary directory.
/// </summary>
[Collection(SharedDashboard.Name)]
public sealed class DashboardScreenshotTests(DashboardFixture fixture)
{
    private static readonly string[] Apps = ["checkout", "catalog", "accounts", "search", "images", "payments", "orders", "reviews"];

    [Fact]
    public async Task Screenshots_RealisticTable_DesktopShowsTablesPhoneShowsCards()
    {
        var directory = Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? configured
            : Directory.CreateTempSubdirectory("dashboard-screenshots").FullName;
        await using var router = await RouterTestEnvironment.StartAsync(nats: fixture.Nats);
        await using var busy = await TestBackend.StartAsync("busy");
        await using var flaky = await TestBackend.StartAsync("flaky", context =>
        {
            context.Response.StatusCode = Random.Shared.Next(4) == 0 ? 503 : 200;
            return Task.CompletedTask;
        });
        RegisterRealisticTable(router);
        router.Register(busy, "checkout.apps.example.com", "catalog.apps.example.com/api", "search.apps.example.com");
        router.Register(flaky, "payments.apps.example.com");

        using var sending = new CancellationTokenSource();
        var traffic = Task.WhenAll(
            SendAsync(router, "checkout.apps.example.com", 3, sending.Token),
            SendAsync(router, "catalog.apps.example.com", 2, sending.Token),
            SendAsync(router, "payments.apps.example.com", 1, sending.Token),
            SendAsync(router, "search.apps.example.com", 1, sending.Token));
        try
        {
            var desktop = await fixture.OpenDashboardAsync(router, 1280, 900);
            await Expect(desktop.Locator("#top tbody tr")).ToHaveCountAsync(4);
            await Expect(desktop.Locator("#routes thead")).ToBeVisibleAsync();
            var desktopFile = Path.Combine(directory, "dashboard-desktop.png");
            await desktop.ScreenshotAsync(new() { Path = desktopFile, FullPage = true });
            await desktop.Context.CloseAsync();

            var phone = await fixture.OpenDashboardAsync(router, 390, 844);
            await Expect(phone.Locator("#top tbody tr")).ToHaveCountAsync(4);

            // On a phone the column headers give way to labelled cards.
            await Expect(phone.Locator("#routes thead")).ToBeHiddenAsync();
            var phoneFile = Path.Combine(directory, "dashboard-phone.png");
            await phone.ScreenshotAsync(new() { Path = phoneFile });
            await phone.Context.CloseAsync();

            Assert.True(new FileInfo(desktopFile).Length > 10_000);
            Assert.True(new FileInfo(phoneFile).Length > 10_000);
        }
        finally
        {
            await sending.CancelAsync();
            await traffic;
        }
    }

    /// <summary>Eight apps of two to four instances at private addresses, some dialled over TLS.</summary>
    private static void RegisterRealisticTable(RouterTestEnvironment router)
    {
        for (var app = 0; app < Apps.Length; app++)
        {
            var appGuid = $"{app + 1:x8}-7c1d-4b8e-9f3a-{app * 7919:x12}";
            for (var instance = 0; instance < 2 + (app % 3); instance++)
            {
                var tls = app % 2 == 0;
                var instanceId = $"{app:x2}{instance:x2}c0de-5f6a-4b7c-8d9e-0a1b2c3d4e{instance:x2}";
                router.RouteTable.Register(new RegistrationMessage
                {
                    Host = $"10.0.{16 + app}.{10 + instance}",
                    Port = 61000 + instance,
                    TlsPort = tls ? 61443 + instance : 0,
                    ServerCertDomainSan = tls ? instanceId : "",
                    Uris = [$"{Apps[app]}.apps.example.com", $"{Apps[app]}.apps.example.com/v{1 + instance % 2}"],
                    App = appGuid,
                    PrivateInstanceId = instanceId,
                    PrivateInstanceIndex = instance.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
    }

    /// <summary>Requests to <paramref name="host"/>, <paramref name="parallel"/> at a time, until cancelled.</summary>
    private static Task SendAsync(RouterTestEnvironment router, string host, int parallel, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var response = await router.GetAsync(host);
            }
        }));
}
