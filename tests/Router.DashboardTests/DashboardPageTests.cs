using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Router.DashboardTests;

[Collection(SharedDashboard.Name)]
public sealed class DashboardPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Open_WithCredentials_ShowsRouteAndEndpoint()
    {
        fixture.Router.Register(fixture.Backend, "open.page.test/api");
        var page = await fixture.OpenDashboardAsync();

        await page.FillAsync("#search", "open.page.test");

        var rows = page.Locator("#routes tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First.Locator("td[data-label=Route]")).ToHaveTextAsync("open.page.test/api");
        await Expect(rows.First.Locator("td[data-label=Address]")).ToHaveTextAsync($"127.0.0.1:{fixture.Backend.Port}");
        await Expect(rows.First.Locator("td[data-label=App]")).ToHaveTextAsync(fixture.Backend.AppGuid);
        await Expect(rows.First.Locator("td[data-label=Instance]")).ToHaveTextAsync("0 / dashboard-backend-instance");
        await Expect(page.Locator("#nats-state")).ToHaveTextAsync("connected");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_PartOfHost_ShowsOnlyMatchingRoutes()
    {
        fixture.Router.Register(fixture.Backend, "alpha.search.test", "beta.search.test", "alphabet.search.test/x");
        var page = await fixture.OpenDashboardAsync();

        await page.FillAsync("#search", "ALPHA");

        var routes = page.Locator("#routes tbody td[data-label=Route]");
        await Expect(routes).ToHaveTextAsync(["alpha.search.test", "alphabet.search.test/x"]);
        await Expect(page.Locator("#match-count")).ToHaveTextAsync("2 routes match");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pager_NextAndPrevious_WalkTheMatchesFiftyAtATime()
    {
        var uris = Enumerable.Range(0, 120).Select(i => $"r{i:D3}.paging.test").ToArray();
        fixture.Router.Register(fixture.Backend, uris);
        var page = await fixture.OpenDashboardAsync();
        await page.FillAsync("#search", ".paging.test");
        var routes = page.Locator("#routes tbody td[data-label=Route]");
        await Expect(page.Locator("#page-info")).ToHaveTextAsync("Page 1 of 3");
        await Expect(routes).ToHaveCountAsync(50);
        await Expect(routes.First).ToHaveTextAsync("r000.paging.test");

        await page.ClickAsync("#next");
        await Expect(page.Locator("#page-info")).ToHaveTextAsync("Page 2 of 3");
        await Expect(routes.First).ToHaveTextAsync("r050.paging.test");
        await page.ClickAsync("#next");
        await Expect(routes).ToHaveCountAsync(20);
        await Expect(routes.Last).ToHaveTextAsync("r119.paging.test");
        await Expect(page.Locator("#next")).ToBeDisabledAsync();

        await page.ClickAsync("#prev");
        await Expect(page.Locator("#page-info")).ToHaveTextAsync("Page 2 of 3");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RegistrationOverNats_WhilePageIsOpen_AppearsWithoutReload()
    {
        var page = await fixture.OpenDashboardAsync();
        await page.FillAsync("#search", "late.nats.test");
        await Expect(page.Locator("#match-count")).ToHaveTextAsync("0 routes match");
        await page.EvaluateAsync("() => { window.loadedOnce = true; }");

        await fixture.RegisterOverNatsAsync(fixture.Backend.Registration("late.nats.test"));

        await Expect(page.Locator("#routes tbody td[data-label=Route]")).ToHaveTextAsync("late.nats.test");

        // The same document: a reload would have dropped the flag.
        Assert.True(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"));
        await page.Context.CloseAsync();
    }
}
