using Microsoft.Extensions.Logging;

namespace Router.Tests.AccessLog;

/// <summary>Keeps every log entry, for tests that count events.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string? EventName, string Message)> Entries { get; } = [];

    public int Count(string eventName)
    {
        lock (Entries)
        {
            return Entries.Count(e => e.EventName == eventName);
        }
    }

    public string Describe()
    {
        lock (Entries)
        {
            return string.Join('\n', Entries.Select(e => $"{e.Level} {e.EventName}: {e.Message}"));
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, eventId.Name, formatter(state, exception)));
        }
    }
}
