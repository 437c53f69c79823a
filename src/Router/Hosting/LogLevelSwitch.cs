using Microsoft.Extensions.Logging;

namespace Router.Hosting;

/// <summary>
/// The router's minimum log level (<c>logging.level</c>), read by the logging filter on every enabled-check and
/// changed by a configuration reload with one write, so loggers created before a reload follow it.
/// </summary>
internal sealed class LogLevelSwitch(LogLevel level)
{
    private int _level = (int)level;

    public LogLevel Level
    {
        get => (LogLevel)Volatile.Read(ref _level);
        set => Volatile.Write(ref _level, (int)value);
    }

    /// <summary>The filter the logging builder calls: categories without a rule of their own log at <see cref="Level"/> and above.</summary>
    public bool Allows(string? provider, string? category, LogLevel level) => level >= Level;
}
