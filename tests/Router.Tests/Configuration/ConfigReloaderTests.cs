using System.Collections;
using Microsoft.Extensions.Logging.Abstractions;
using Router.Configuration;
using Router.Configuration.Reload;

namespace Router.Tests.Configuration;

/// <summary>The reloader over a real file, with a target that records what it is asked to apply.</summary>
public sealed class ConfigReloaderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "router-reloader-" + Guid.NewGuid().ToString("N") + ".yaml");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Request_HundredWhileOneRuns_OneMoreReloadAfterIt()
    {
        File.WriteAllText(_path, "endpoint_timeout: 5s\n");
        var started = RouterConfigLoader.Load(_path, new Hashtable());
        var target = new BlockingTarget(started.Options);
        using var reloader = new ConfigReloader(_path, () => new Hashtable(), started, target, NullLogger.Instance);

        reloader.Request();
        await target.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Parallel.For(0, 100, _ => reloader.Request());
        target.Release.SetResult();
        await reloader.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, target.Calls);
        Assert.Equal(2, reloader.Applied);
    }

    [Fact]
    public async Task ReloadAsync_LiveAndRestartKeysChanged_AppliesOnlyLiveValues()
    {
        File.WriteAllText(_path, "endpoint_timeout: 5s\nport: 8081\n");
        var started = RouterConfigLoader.Load(_path, new Hashtable());
        var target = new BlockingTarget(started.Options);
        target.Release.SetResult();
        using var reloader = new ConfigReloader(_path, () => new Hashtable(), started, target, NullLogger.Instance);
        File.WriteAllText(_path, "endpoint_timeout: 2s\nport: 9000\n");

        var result = await reloader.ReloadAsync();

        Assert.Equal(["endpoint_timeout"], result.Changed);
        Assert.Equal(["port"], result.RestartNeeded);
        Assert.Equal(TimeSpan.FromSeconds(2), target.Running.EndpointTimeout);
        Assert.Equal(8081, target.Running.Port);
    }

    [Fact]
    public async Task ReloadAsync_EnvironmentOverrideChanged_SeenAsTheKey()
    {
        File.WriteAllText(_path, "");
        var environment = new Hashtable();
        var started = RouterConfigLoader.Load(_path, environment);
        var target = new BlockingTarget(started.Options);
        target.Release.SetResult();
        using var reloader = new ConfigReloader(_path, () => environment, started, target, NullLogger.Instance);
        environment["ROUTER_BACKENDS__MAX_CONNS"] = "3";

        var result = await reloader.ReloadAsync();

        Assert.Equal(["backends.max_conns"], result.Changed);
        Assert.Equal(3, target.Running.Backends.MaxConns);
    }

    [Fact]
    public async Task ReloadAsync_TargetRefuses_CountedAsRefusedWithItsReason()
    {
        File.WriteAllText(_path, "");
        var started = RouterConfigLoader.Load(_path, new Hashtable());
        var target = new BlockingTarget(started.Options) { Refusal = "access_log.file: cannot open" };
        target.Release.SetResult();
        using var reloader = new ConfigReloader(_path, () => new Hashtable(), started, target, NullLogger.Instance);

        var result = await reloader.ReloadAsync();

        Assert.False(result.Applied);
        Assert.Equal(["access_log.file: cannot open"], result.Errors);
        Assert.Equal(1, reloader.Refused);
        Assert.Same(started.Options, target.Running);
    }

    private sealed class BlockingTarget(RouterOptions running) : ILiveConfiguration
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Refusal { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public RouterOptions Running { get; private set; } = running;

        public async Task<IReadOnlyList<string>> ApplyAsync(RouterOptions next)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            await Release.Task;
            if (Refusal is not null)
            {
                return [Refusal];
            }

            Running = next;
            return [];
        }
    }
}
