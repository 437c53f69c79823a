using System.Collections;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Router.AccessLog;
using Router.Configuration;
using Router.Configuration.Reload;
using Router.Tls;

namespace Router.Hosting;

/// <summary>
/// The live half of a configuration reload (docs/operations.md "Reloading the configuration"): everything a new
/// configuration needs is built first, and only when all of it succeeded is each piece swapped in with one reference
/// write, so requests and connections see either the old settings or the new ones, never a mix.
/// </summary>
internal sealed partial class RouterHost : ILiveConfiguration
{
    private RouterOptions _running;
    private ConfigReloader? _reloader;
    private ConfigFileWatcher? _watcher;

    /// <summary>The options in force: the start-up ones with the live keys of the last applied reload.</summary>
    public RouterOptions Running => Volatile.Read(ref _running);

    /// <summary>
    /// Makes <paramref name="path"/> reloadable: the returned reloader re-reads it on request (the SIGHUP handler and
    /// the file watcher call <see cref="ConfigReloader.Request"/>; tests await <see cref="ConfigReloader.ReloadAsync"/>).
    /// </summary>
    public ConfigReloader EnableReload(string path, RouterConfigResult started, Func<IDictionary> environment)
    {
        var reloader = new ConfigReloader(path, environment, started, this, LoggerFactory.CreateLogger<ConfigReloader>());
        _reloader = reloader;
        Metrics.ConfigReloads = () => reloader.Applied;
        Metrics.ConfigReloadFailures = () => reloader.Refused;
        if (started.Options.Reload.WatchConfigFile)
        {
            _watcher = new ConfigFileWatcher(path, reloader.Request, LoggerFactory.CreateLogger<ConfigFileWatcher>());
        }

        return reloader;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ApplyAsync(RouterOptions next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_proxyHandler is null || _stoppedSource.Task.IsCompleted || _stopping.IsCancellationRequested)
        {
            return ["the router is not serving (starting or stopping); reload again once it serves"];
        }

        var running = Running;
        ServerTlsState? tls = null;
        if (!SameTls(running.ClientTls, next.ClientTls))
        {
            try
            {
                tls = _listeners.ReloadTls(next.ClientTls);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                return [$"tls_pem, client_ca_certs: {ex.Message}"];
            }
        }

        var replaceAccessLog = next.AccessLog != running.AccessLog;
        AccessLogWriter? accessLog = null;
        if (replaceAccessLog && AccessLogWriter.IsEnabled(next))
        {
            accessLog = new AccessLogWriter(next, LoggerFactory.CreateLogger<AccessLogWriter>());
            try
            {
                accessLog.Start();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                await accessLog.DisposeAsync();
                return [$"access_log.file: cannot open '{next.AccessLog.File}': {ex.Message}"];
            }
        }

        // Nothing below fails: the new configuration goes in as a whole.
        Volatile.Write(ref _running, next);
        LevelSwitch.Level = RouterLogging.ParseLevel(next.Logging.Level);
        RouteTable.DefaultLoadBalancing = next.BalancingAlgorithm;
        if (tls is not null)
        {
            _listeners.CommitTls(tls);
        }

        if (next.RouteServices != running.RouteServices)
        {
            _routeServices.RotateSecrets(next.RouteServices);
        }

        _proxyHandler.UpdateSettings(_proxyHandler.Settings.Reload(next));
        if (replaceAccessLog)
        {
            await _accessLog.ReplaceAsync(accessLog);
            CountSyslog(accessLog);
        }

        return [];
    }

    private void CountSyslog(AccessLogWriter? accessLog)
    {
        if (accessLog?.Syslog is { } syslog)
        {
            Metrics.SyslogDroppedMessages = () => syslog.DroppedMessages;
            Metrics.SyslogConnectionFailures = () => syslog.ConnectionFailures;
        }
    }

    private static bool SameTls(ClientTlsOptions running, ClientTlsOptions next) =>
        running.TlsPem.SequenceEqual(next.TlsPem) &&
        string.Equals(running.ClientCaCerts, next.ClientCaCerts, StringComparison.Ordinal) &&
        running.OnlyTrustClientCaCerts == next.OnlyTrustClientCaCerts;
}
