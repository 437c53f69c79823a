using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nats.Tests.Infrastructure;

/// <summary>Keeps every log entry so tests can check that an event (by Gorouter name) was logged.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory, ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string EventName, string Message)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, string EventName, string Message)> Entries => _entries;

    public int Count(string eventName) => _entries.Count(e => e.EventName == eventName);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, eventId.Name ?? string.Empty, formatter(state, exception)));
    }
}
