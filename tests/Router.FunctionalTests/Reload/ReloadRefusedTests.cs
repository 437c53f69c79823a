using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Reload;

/// <summary>What a reload does not change: refused configurations, and keys that need a restart.</summary>
public sealed class ReloadRefusedTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_BadYaml_RefusedWithPositionAndRunningOptionsKept()
    {
        await using var file = await ReloadFile.StartAsync("endpoint_timeout: 7s", output);
        var running = file.Router.Host.Running;

        var result = await file.ReloadAsync("endpoint_timeout: 1s\nport: [unclosed");

        Assert.False(result.Applied);
        Assert.Contains(result.Errors, e => e.Contains("router.yaml", StringComparison.Ordinal));
        Assert.Same(running, file.Router.Host.Running);
        Assert.Equal(TimeSpan.FromSeconds(7), file.Router.Host.Running.EndpointTimeout);
        Assert.Equal(1, (await MetricsScrape.FetchAsync(file.Router.MetricsPort)).Value("config_reload_failures"));
    }

    [Fact]
    public async Task Reload_BadValues_RefusedWithEveryKeyNamedAndNothingApplied()
    {
        await using var file = await ReloadFile.StartAsync("", output);

        var result = await file.ReloadAsync("endpoint_timeout: 1s\nbalancing_algorithm: random\nbackends:\n  max_conns: -1");

        Assert.False(result.Applied);
        Assert.Contains(result.Errors, e => e.StartsWith("balancing_algorithm:", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("backends.max_conns:", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(60), file.Router.Host.Running.EndpointTimeout);
    }

    [Fact]
    public async Task Reload_RestartOnlyKeysChanged_ReportedAndRunningValuesKept()
    {
        await using var file = await ReloadFile.StartAsync("endpoint_dial_timeout: 5s", output);
        var port = file.Router.Options.Port;

        var result = await file.ReloadAsync("endpoint_dial_timeout: 2s\nendpoint_timeout: 9s\nsticky_session_cookie_names: [OTHER]");
        var scrape = await MetricsScrape.FetchAsync(file.Router.MetricsPort);

        Assert.True(result.Applied);
        Assert.Equal(["endpoint_timeout"], result.Changed);
        Assert.Equal(["endpoint_dial_timeout", "sticky_session_cookie_names"], result.RestartNeeded);
        Assert.Equal(TimeSpan.FromSeconds(5), file.Router.Host.Running.EndpointDialTimeout);
        Assert.Equal(["JSESSIONID"], file.Router.Host.Running.StickySessionCookieNames);
        Assert.Equal(port, file.Router.Host.Running.Port);
        Assert.Equal(1, scrape.Value("config_reloads"));
    }
}
