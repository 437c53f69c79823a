using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests;

public sealed class PruningTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Route_NotRefreshedWithinThreshold_IsPrunedAndAnswers404()
    {
        var clock = new ManualTimeProvider();
        await using var router = await RouterTestEnvironment.StartAsync(
            "droplet_stale_threshold: 120s\nprune_stale_droplets_interval: 30s", timeProvider: clock, output: output);
        await using var stale = await TestBackend.StartAsync("stale");
        await using var fresh = await TestBackend.StartAsync("fresh");
        router.Register(stale, "stale.test");
        router.Register(fresh, "fresh.test");

        // 90 s: both are younger than the threshold; the fresh one heartbeats from here on.
        await AdvanceAsync(clock, TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.OK, (await router.GetAsync("stale.test")).StatusCode);
        router.Register(fresh, "fresh.test");

        await AdvanceAsync(clock, TimeSpan.FromSeconds(60));

        await Eventually.Until("stale route pruned", () => router.RouteTable.Lookup("stale.test", "/") is null);
        using var gone = await router.GetAsync("stale.test");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var kept = await router.GetAsync("fresh.test");
        Assert.Equal("fresh", await kept.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Route_RefreshedByHeartbeat_IsNeverPruned()
    {
        var clock = new ManualTimeProvider();
        await using var router = await RouterTestEnvironment.StartAsync(
            "droplet_stale_threshold: 120s\nprune_stale_droplets_interval: 30s", timeProvider: clock, output: output);
        await using var backend = await TestBackend.StartAsync("beating");

        for (var i = 0; i < 10; i++)
        {
            router.Register(backend, "beat.test");
            await AdvanceAsync(clock, TimeSpan.FromSeconds(30));
        }

        using var response = await router.GetAsync("beat.test");
        Assert.Equal("beating", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Moves the clock in prune-interval steps, letting the pruner re-arm its timer between steps.</summary>
    private static async Task AdvanceAsync(ManualTimeProvider clock, TimeSpan total)
    {
        var step = TimeSpan.FromSeconds(30);
        for (var moved = TimeSpan.Zero; moved < total; moved += step)
        {
            await Eventually.Until("pruner timer armed", () => clock.ActiveTimers > 0);
            clock.Advance(step);
        }

        await Eventually.Until("pruner timer re-armed", () => clock.ActiveTimers > 0);
    }
}
