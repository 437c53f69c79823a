using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace RouteEmitterClient.Tests.Infrastructure;

/// <summary>Keeps every log event (name and text) for assertions and copies it to the test's output.</summary>
internal sealed class CapturingLoggerFactory(ITestOutputHelper output) : ILoggerFactory, ILoggerProvider
{
    private readonly List<(string EventName, string Message)> _events = [];

    public IReadOnlyList<(string EventName, string Message)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public bool Logged(string eventName, string containing = "") =>
        Events.Any(e => e.EventName == eventName && e.Message.Contains(containing, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(string category, LogLevel level, EventId eventId, string message)
    {
        lock (_events)
        {
            _events.Add((eventId.Name ?? "", message));
        }

        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {level} {category}[{eventId.Name}] {message}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; its output is closed.
        }
    }

    private sealed class CapturingLogger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : " " + exception.Message));
    }
}
