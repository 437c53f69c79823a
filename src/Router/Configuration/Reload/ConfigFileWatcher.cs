using Microsoft.Extensions.Logging;

namespace Router.Configuration.Reload;

/// <summary>
/// <c>reload.watch_config_file</c>: asks for a reload when the configuration file's content changes. Any change in
/// the file's directory restarts a quiet period (<see cref="ReloadOptions.WatchDebounce"/>); when it ends, the file
/// is read and a reload is requested only if its text differs from the last one seen. Watching the directory, not
/// the name, also catches editors that replace the file and mounts that swap a symbolic link.
/// </summary>
internal sealed partial class ConfigFileWatcher : IDisposable
{
    private readonly string _path;
    private readonly Action _reload;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _quiet;
    private string? _lastText;

    public ConfigFileWatcher(string path, Action reload, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _reload = reload;
        _logger = logger;
        _lastText = ReadOrNull();
        _quiet = new Timer(_ => OnQuiet(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnEvent;
        _watcher.Error += (_, e) => LogWatchError(_logger, _path, e.GetException());
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _quiet.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => _quiet.Change(ReloadOptions.WatchDebounce, Timeout.InfiniteTimeSpan);

    private void OnQuiet()
    {
        var text = ReadOrNull();
        if (text is null || string.Equals(text, _lastText, StringComparison.Ordinal))
        {
            // Gone for a moment while being replaced, or touched without a change: the next event looks again.
            return;
        }

        _lastText = text;
        LogFileChanged(_logger, _path);
        _reload();
    }

    private string? ReadOrNull()
    {
        try
        {
            return File.ReadAllText(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 10, EventName = "config-file-changed", Level = LogLevel.Information,
        Message = "Configuration file {Path} changed: reloading")]
    private static partial void LogFileChanged(ILogger logger, string path);

    [LoggerMessage(EventId = 11, EventName = "config-file-watch-error", Level = LogLevel.Warning,
        Message = "Watching {Path} for changes failed; SIGHUP still reloads")]
    private static partial void LogWatchError(ILogger logger, string path, Exception exception);
}
