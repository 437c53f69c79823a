using System.Net;
using Router.Testing;
using RouteMessages;
using RouteRegistry;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Reload;

/// <summary>Live keys of the request path: a reload changes them for the next request, without a restart.</summary>
public sealed class ReloadProxySettingsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_EndpointTimeoutShortened_NextRequestTimesOut()
    {
        await using var file = await ReloadFile.StartAsync("endpoint_timeout: 60s", output);
        await using var slow = await HeldBackend.StartAsync("slow");
        file.Router.Register(slow.Backend, "slow.test");

        var result = await file.ReloadAsync("endpoint_timeout: 1s");
        using var response = await file.Router.GetAsync("slow.test");
        slow.Release();

        Assert.True(result.Applied);
        Assert.Equal(["endpoint_timeout"], result.Changed);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("endpoint_failure (context deadline exceeded)", response.Headers.GetValues("X-Cf-Routererror").Single());
        Assert.Equal(TimeSpan.FromSeconds(1), file.Router.Host.Running.EffectiveDrainTimeout);
    }

    [Fact]
    public async Task Reload_EndpointTimeoutShortened_RequestInFlightKeepsTheTimeoutItStartedWith()
    {
        await using var file = await ReloadFile.StartAsync("endpoint_timeout: 60s", output);
        await using var held = await HeldBackend.StartAsync("held");
        file.Router.Register(held.Backend, "held.test");

        var first = file.Router.GetAsync("held.test");
        await held.WaitForArrivalAsync();
        await file.ReloadAsync("endpoint_timeout: 1s");

        // The second request starts under the new second-long timeout; once it has timed out, more than that second
        // has passed for the first one too, which started under the old timeout and is still waiting.
        using var second = await file.Router.GetAsync("held.test");
        var firstStillOpen = !first.IsCompleted;
        held.Release();
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        Assert.True(firstStillOpen);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
    }

    [Fact]
    public async Task Reload_MaxConnsSetToOne_SecondConcurrentRequestGets503()
    {
        await using var file = await ReloadFile.StartAsync("", output);
        await using var busy = await HeldBackend.StartAsync("busy");
        file.Router.Register(busy.Backend, "limit.test");

        var result = await file.ReloadAsync("backends:\n  max_conns: 1");
        var first = file.Router.GetAsync("limit.test");
        await busy.WaitForArrivalAsync();
        using var second = await file.Router.GetAsync("limit.test");
        busy.Release();
        using var firstResponse = await first;

        Assert.Equal(["backends.max_conns"], result.Changed);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("Connection Limit Reached", second.Headers.GetValues("X-Cf-Routererror").Single());
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
    }

    [Fact]
    public async Task Reload_BalancingAlgorithmChanged_RoutesWithoutTheirOwnFollowAndOthersKeepTheirs()
    {
        await using var file = await ReloadFile.StartAsync("balancing_algorithm: round-robin", output);
        await using var backend = await TestBackend.StartAsync("app");
        file.Router.Register(backend, "plain.test");
        var own = backend.Registration("own.test");
        own.Options = new RegistrationMessageOptions { LoadBalancing = "round-robin" };
        file.Router.RouteTable.Register(own);

        var result = await file.ReloadAsync("balancing_algorithm: least-connection");

        Assert.Equal(["balancing_algorithm"], result.Changed);
        Assert.Equal(LoadBalancingAlgorithm.LeastConnection, file.Router.RouteTable.Lookup("plain.test", "/")!.Algorithm);
        Assert.Equal(LoadBalancingAlgorithm.RoundRobin, file.Router.RouteTable.Lookup("own.test", "/")!.Algorithm);
        using var response = await file.Router.GetAsync("plain.test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reload_LogLevelChanged_SwitchFollows()
    {
        await using var file = await ReloadFile.StartAsync("", output);

        var result = await file.ReloadWholeAsync(file.Router.BaseYaml.Replace("level: debug", "level: error", StringComparison.Ordinal));

        Assert.Equal(["logging.level"], result.Changed);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, file.Router.Host.LevelSwitch.Level);
        Assert.False(file.Router.Host.LevelSwitch.Allows(null, "Router", Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Fact]
    public async Task Reload_AccessLogTurnedOnThenMoved_LinesGoToTheNewFile()
    {
        await using var file = await ReloadFile.StartAsync("", output);
        await using var backend = await TestBackend.StartAsync("app");
        file.Router.Register(backend, "logged.test");
        var first = Path.Combine(file.Directory, "first.log");
        var second = Path.Combine(file.Directory, "second.log");

        var on = await file.ReloadAsync($"access_log:\n  file: {first}");
        (await file.Router.GetAsync("logged.test", "/one")).Dispose();
        await Eventually.Until("line in the first file", () => File.Exists(first) && File.ReadAllText(first).Contains("/one", StringComparison.Ordinal));
        var moved = await file.ReloadAsync($"access_log:\n  file: {second}");
        (await file.Router.GetAsync("logged.test", "/two")).Dispose();
        await Eventually.Until("line in the second file", () => File.Exists(second) && File.ReadAllText(second).Contains("/two", StringComparison.Ordinal));

        Assert.Equal(["access_log.file"], on.Changed);
        Assert.True(moved.Applied);
        Assert.DoesNotContain("/two", File.ReadAllText(first), StringComparison.Ordinal);
    }
}
