using System.Net;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>SIGHUP reloads <c>router.yaml</c> in the published router (docs/operations.md "Reloading the configuration").</summary>
public sealed class ReloadSignalTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private MessageBus _bus = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();
        _backend = await TestBackend.StartAsync("reloaded");
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task Sighup_AppliedRefusedAndLogLevelRaised_LoggedCountedAndServing()
    {
        await using var router = await RouterProcess.StartAsync(new() { Nats = _bus.Server, ExtraYaml = "logging:\n  level: info" }, output);
        await _bus.RegisterAndWaitAsync(router, _backend.Registration("reloaded.test"));
        var original = await File.ReadAllTextAsync(router.ConfigPath);

        await ReloadAsync(router, original.Replace($"port: {router.ProxyPort}", "port: 1", StringComparison.Ordinal) + "endpoint_timeout: 9s\n");
        await Eventually.Until("first reload counted", async () => (await router.ScrapeAsync()).Value("config_reloads") == 1, Wait);
        await Eventually.Until("first reload logged", () => router.Output.Contains("Configuration reloaded: applied endpoint_timeout", StringComparison.Ordinal), Wait);
        await Eventually.Until(
            "restart-only key reported", () => router.Output.Contains("port changed but takes effect only after a restart", StringComparison.Ordinal), Wait);

        await ReloadAsync(router, original.Replace("level: info", "level: error", StringComparison.Ordinal));
        await Eventually.Until("second reload counted", async () => (await router.ScrapeAsync()).Value("config_reloads") == 2, Wait);

        await ReloadAsync(router, original + "balancing_algorithm: random\n");
        await Eventually.Until("bad configuration refused", async () => (await router.ScrapeAsync()).Value("config_reload_failures") == 1, Wait);
        // The count can be scraped a moment before the process's output reaches this test.
        await Eventually.Until("refusal logged with its reason", () =>
            router.Output.Contains("Configuration reload refused", StringComparison.Ordinal)
            && router.Output.Contains("balancing_algorithm: must be one of", StringComparison.Ordinal), Wait);

        await ReloadAsync(router, original.Replace("level: info", "level: error", StringComparison.Ordinal) + "endpoint_timeout: 8s\n");
        await Eventually.Until("fourth reload counted", async () => (await router.ScrapeAsync()).Value("config_reloads") == 3, Wait);
        using var client = HttpClients.Create();
        var answer = await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "reloaded.test"));

        // At level error the Information line of an applied reload is no longer written: only the first one is there.
        Assert.Equal(1, CountOf(router.Output, "Configuration reloaded"));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task Sighup_HundredInARow_CoalescedAndRouterKeepsServing()
    {
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, ExtraYaml = $"access_log:\n  file: {RouterProcess.DirectoryToken}/access.log" }, output);
        await _bus.RegisterAndWaitAsync(router, _backend.Registration("reloaded.test"));
        await File.AppendAllTextAsync(router.ConfigPath, "endpoint_timeout: 7s\n");

        for (var i = 0; i < 100; i++)
        {
            router.SendSignal(Signals.SigHup);
        }

        await Eventually.Until("a reload applied", async () => (await router.ScrapeAsync()).Value("config_reloads") >= 1, Wait);
        using var client = HttpClients.Create();
        var answer = await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "reloaded.test"));
        var scrape = await router.ScrapeAsync();

        Assert.False(router.HasExited, router.Output);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.InRange(scrape.Value("config_reloads"), 1, 100);
        Assert.Equal(0, scrape.Value("config_reload_failures"));
        Assert.Equal(HttpStatusCode.OK, await router.GetHealthStatusAsync());
        await Eventually.Until("the request in the access log", () => File.ReadAllText(Path.Combine(router.DirectoryPath, "access.log")).Contains("reloaded.test", StringComparison.Ordinal), Wait);
        router.SendSignal(Signals.SigTerm);
        Assert.Equal(0, await router.WaitForExitAsync(Wait));
    }

    [Fact]
    public async Task Sighup_RouterStartedWithSignalsIgnored_HandlesThemAllTheSame()
    {
        // nohup leaves SIGHUP ignored and a shell's background job SIGINT; the runtime alone would never call the
        // router's handlers for them. (It takes SIGTERM over itself at start, so that one is not in the log line.)
        await using var router = await RouterProcess.StartAsync(
            new() { Nats = _bus.Server, StartWithSignalsIgnored = true, ExtraYaml = "logging:\n  level: info" }, output);
        await Eventually.Until("restored signals logged", () => router.Output.Contains(
            "The router was started with SIGHUP, SIGINT, SIGUSR1 ignored", StringComparison.Ordinal), Wait);
        var ignored = File.ReadLines($"/proc/{router.ProcessId}/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(ignored["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var signal in new[] { Signals.SigHup, Signals.SigInt, Signals.SigUsr1, Signals.SigTerm })
        {
            Assert.Equal(0UL, mask & (1UL << (signal - 1)));
        }

        await File.AppendAllTextAsync(router.ConfigPath, "endpoint_timeout: 7s\n");
        router.SendSignal(Signals.SigHup);
        await Eventually.Until("reload applied", async () => (await router.ScrapeAsync()).Value("config_reloads") == 1, Wait);
        router.SendSignal(Signals.SigTerm);
        Assert.Equal(0, await router.WaitForExitAsync(Wait));
    }

    private static async Task ReloadAsync(RouterProcess router, string yaml)
    {
        await File.WriteAllTextAsync(router.ConfigPath, yaml);
        router.SendSignal(Signals.SigHup);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
