using Microsoft.AspNetCore.Http;
using Router.Proxying;

namespace Router.AccessLog;

/// <summary>
/// The access log the request path writes to, replaceable by a configuration reload (<c>access_log.file</c>,
/// <c>access_log.stdout</c>, <c>access_log.enable_streaming</c>). Each call reads the current writer once; a
/// request that finishes after a reload is logged by the new writer, or not at all when the reload turned the log
/// off. The replaced writer is disposed after the swap, which writes out what it had queued.
/// </summary>
internal sealed class AccessLogSwitch : IAccessLogSink, IAsyncDisposable
{
    private AccessLogWriter? _current;

    public AccessLogSwitch(AccessLogWriter? initial) => _current = initial;

    /// <summary>The writer in use; null while the access log is off.</summary>
    public AccessLogWriter? Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public void Begin(HttpContext context) => Volatile.Read(ref _current)?.Begin(context);

    /// <inheritdoc />
    public void Write(HttpContext context, ProxyExchange? exchange, string? failureDetail, long startTimestamp, long endTimestamp, long backendTicks) =>
        Volatile.Read(ref _current)?.Write(context, exchange, failureDetail, startTimestamp, endTimestamp, backendTicks);

    /// <summary>Puts <paramref name="next"/> (started, or null for no access log) in place, then closes the writer it replaces.</summary>
    public ValueTask ReplaceAsync(AccessLogWriter? next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        return previous?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ReplaceAsync(null);
}
