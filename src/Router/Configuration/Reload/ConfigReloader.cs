using System.Collections;
using Microsoft.Extensions.Logging;

namespace Router.Configuration.Reload;

/// <summary>
/// Reloads <c>router.yaml</c> while the router runs (SIGHUP, or a change of the file with
/// <c>reload.watch_config_file</c>): the file is loaded and validated exactly as at start-up, the live keys are
/// applied, and every other changed key is named once as needing a restart. A configuration that does not load is
/// refused with all its errors and the running one stays. Requests from signals are coalesced: at most one reload
/// runs and at most one more waits, however many signals arrive.
/// </summary>
internal sealed partial class ConfigReloader : IDisposable
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int RunningAndQueued = 2;

    private readonly string _path;
    private readonly Func<IDictionary> _environment;
    private readonly ILiveConfiguration _target;
    private readonly ILogger _logger;
    private readonly IReadOnlyDictionary<string, string> _startValues;
    private readonly SemaphoreSlim _one = new(1, 1);
    private IReadOnlyDictionary<string, string> _appliedValues;
    private int _state;
    private long _applied;
    private long _refused;
    private Task _requested = Task.CompletedTask;

    /// <summary>
    /// A reloader of the file at <paramref name="path"/>, which the router started from as <paramref name="started"/>;
    /// <paramref name="environment"/> reads the <c>ROUTER_*</c> overrides anew for each reload, as at start-up.
    /// </summary>
    public ConfigReloader(string path, Func<IDictionary> environment, RouterConfigResult started, ILiveConfiguration target, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(started);
        _path = path;
        _environment = environment;
        _target = target;
        _logger = logger;
        _startValues = started.KeyValues;
        _appliedValues = started.KeyValues;
    }

    /// <summary>Reloads applied since start (<c>config_reloads</c>).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Reloads refused since start (<c>config_reload_failures</c>).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>
    /// Asks for a reload without waiting for it, as a signal does. A request while one runs queues one more reload;
    /// further requests until that one starts add nothing, since it reads the file as it is then.
    /// </summary>
    public void Request()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle when Interlocked.CompareExchange(ref _state, Running, Idle) == Idle:
                    _requested = Task.Run(RunRequestedAsync);
                    return;
                case Running when Interlocked.CompareExchange(ref _state, RunningAndQueued, Running) == Running:
                case RunningAndQueued:
                    return;
            }
        }
    }

    /// <summary>Completes when no requested reload is running or waiting.</summary>
    public Task WhenIdleAsync() => Volatile.Read(ref _requested);

    /// <summary>Reloads now and reports the outcome; waits for a reload already running to finish first.</summary>
    public async Task<ReloadResult> ReloadAsync()
    {
        await _one.WaitAsync();
        try
        {
            return await ReloadOnceAsync();
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    private async Task RunRequestedAsync()
    {
        while (true)
        {
            try
            {
                await ReloadAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A reload that fails unexpectedly is refused like an invalid one; the signal loop keeps working.
                Interlocked.Increment(ref _refused);
                LogReloadFailed(_logger, ex);
            }

            if (Interlocked.CompareExchange(ref _state, Idle, Running) == Running)
            {
                return;
            }

            Volatile.Write(ref _state, Running);
        }
    }

    private async Task<ReloadResult> ReloadOnceAsync()
    {
        RouterConfigResult loaded;
        try
        {
            loaded = RouterConfigLoader.Load(_path, _environment());
        }
        catch (RouterConfigException ex)
        {
            return Refuse(ex.Errors);
        }

        var running = _target.Running;
        var restartNeeded = new List<string>();
        foreach (var key in ConfigKeyValues.Changed(_startValues, loaded.KeyValues))
        {
            if (!LiveOptions.IsLive(key, running, loaded.Options) && !IsIgnored(key))
            {
                restartNeeded.Add(key);
            }
        }

        var changed = ConfigKeyValues.Changed(_appliedValues, loaded.KeyValues)
            .Where(key => LiveOptions.IsLive(key, running, loaded.Options))
            .ToList();

        var errors = await _target.ApplyAsync(LiveOptions.Merge(running, loaded.Options));
        if (errors.Count > 0)
        {
            return Refuse(errors);
        }

        _appliedValues = loaded.KeyValues;
        Interlocked.Increment(ref _applied);
        foreach (var key in restartNeeded)
        {
            LogRestartNeeded(_logger, key);
        }

        LogApplied(_logger, changed.Count == 0 ? "no live key" : string.Join(", ", changed), restartNeeded.Count);
        return new ReloadResult(true, changed, restartNeeded, []);
    }

    private ReloadResult Refuse(IReadOnlyList<string> errors)
    {
        Interlocked.Increment(ref _refused);
        LogRefused(_logger, _path, string.Join("; ", errors));
        return new ReloadResult(false, [], [], errors);
    }

    /// <summary>Keys the router does not act on at all (docs/configuration.md): changing them needs no restart either.</summary>
    private static bool IsIgnored(string key)
    {
        for (var name = key; ; name = name[..name.LastIndexOf('.')])
        {
            if (ConfigKeyCatalog.Unsupported.Contains(name) || ConfigKeyCatalog.IgnoredByGorouter.Contains(name))
            {
                return true;
            }

            if (!name.Contains('.', StringComparison.Ordinal))
            {
                return false;
            }
        }
    }
}
