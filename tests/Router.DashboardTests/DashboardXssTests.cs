using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Router.DashboardTests;

[Collection(SharedDashboard.Name)]
public sealed class DashboardXssTests(DashboardFixture fixture)
{
    private const string HostPayload = "<img src=x onerror=window.pwned=1>.xss.test";
    private const string AppPayload = "<script>window.pwned=2</script><img src=y onerror=window.pwned=3>";

    [Fact]
    public async Task Registration_WithMarkupInRouteAndAppId_ShownAsTextAndNeverRun()
    {
        var message = fixture.Backend.Registration(HostPayload);
        message.App = AppPayload;
        await fixture.RegisterOverNatsAsync(message);
        var page = await fixture.OpenDashboardAsync();

        await page.FillAsync("#search", "<img src=x");

        var row = page.Locator("#routes tbody tr").First;
        await Expect(row.Locator("td[data-label=Route]")).ToHaveTextAsync(HostPayload.ToLowerInvariant());
        await Expect(row.Locator("td[data-label=App]")).ToHaveTextAsync(AppPayload);
        Assert.Equal(0, await page.Locator("#routes img, #routes script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_WithMarkup_EchoedAsTextAndNeverRun()
    {
        var page = await fixture.OpenDashboardAsync();

        await page.FillAsync("#search", "<img src=z onerror=window.pwned=4>");

        await Expect(page.Locator("#match-count")).ToHaveTextAsync("0 routes match");
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
        await page.Context.CloseAsync();
    }
}
