using System.Globalization;
using Microsoft.Playwright;
using Router.Testing;
using static Microsoft.Playwright.Assertions;

namespace Router.DashboardTests;

[Collection(SharedDashboard.Name)]
public sealed class DashboardLiveTests(DashboardFixture fixture)
{
    [Fact]
    public async Task BusiestRoutes_UnderRequests_ShowRateAndServerErrors()
    {
        await using var failing = await TestBackend.StartAsync("failing", context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        fixture.Router.Register(fixture.Backend, "ok.live.test");
        fixture.Router.Register(failing, "failing.live.test");
        var page = await fixture.OpenDashboardAsync();
        await Expect(page.Locator("#stream-state")).ToHaveTextAsync("live");

        // Rates cover the last second only, so requests keep coming until the page has shown both routes.
        using var sending = new CancellationTokenSource();
        var traffic = SendUntilCancelledAsync(["ok.live.test", "failing.live.test"], sending.Token);
        try
        {
            var ok = page.Locator("#top tbody tr", new() { Has = page.GetByText("ok.live.test", new() { Exact = true }) });
            var failingRow = page.Locator("#top tbody tr", new() { Has = page.GetByText("failing.live.test", new() { Exact = true }) });
            await Expect(ok).ToHaveCountAsync(1);
            await Expect(failingRow).ToHaveCountAsync(1);
            await Expect(failingRow.Locator("td[data-label='5xx/s']")).Not.ToHaveTextAsync("0.0");
            Assert.True(double.Parse(await ok.Locator("td[data-label='Requests/s']").TextContentAsync() ?? "0", CultureInfo.InvariantCulture) > 0);
            await Expect(ok.Locator("td[data-label='5xx/s']")).ToHaveTextAsync("0.0");
            await Expect(page.Locator("#request-rate")).Not.ToHaveTextAsync("0.0");
        }
        finally
        {
            await sending.CancelAsync();
            await traffic;
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task FailedAttempt_ToDeadBackend_CountedOnTheEndpoint()
    {
        var dead = await TestBackend.StartAsync("dead");
        await dead.DisposeAsync();
        fixture.Router.Register(dead, "dead.live.test");
        using (var response = await fixture.Router.GetAsync("dead.live.test"))
        {
            Assert.Equal(502, (int)response.StatusCode);
        }

        var page = await fixture.OpenDashboardAsync();
        await page.FillAsync("#search", "dead.live.test");
        await Expect(page.Locator("#match-count")).ToHaveTextAsync("1 route match");

        await Expect(page.Locator("#routes tbody td[data-label=Failures]")).ToHaveTextAsync("1");
        await page.Context.CloseAsync();
    }

    private async Task SendUntilCancelledAsync(string[] hosts, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var host in hosts)
            {
                using var response = await fixture.Router.GetAsync(host);
            }
        }
    }
}
