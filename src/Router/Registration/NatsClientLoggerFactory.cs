using Microsoft.Extensions.Logging;

namespace Router.Registration;

/// <summary>
/// The loggers handed to NATS.Client.Core: only its errors pass. The client logs every reconnect attempt and every
/// slow-consumer episode at lower levels; <see cref="MessageBusSubscriber"/> logs each disconnect, reconnect and
/// slow-consumer episode once, under Gorouter's event names, and counts them.
/// </summary>
internal sealed class NatsClientLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new ErrorsOnly(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The factory is the router's; it is disposed with the router, not by the client.
    public void Dispose()
    {
    }

    private sealed class ErrorsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
