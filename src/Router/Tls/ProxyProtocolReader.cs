using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Router.Tls;

/// <summary>
/// Connection middleware for <c>enable_proxy</c>: reads an optional PROXY v1 header from the start of the connection,
/// waiting at most 100 ms for it (Gorouter <c>router/router.go</c> <c>proxyProtocolHeaderTimeout</c>). A valid
/// header's source becomes the connection's remote address, so <c>X-Forwarded-For</c> and the access log name the
/// real client; no header (other bytes, or none in time) leaves the connection as it is; a malformed one closes it.
/// </summary>
internal sealed partial class ProxyProtocolReader(ILogger logger)
{
    public static readonly TimeSpan HeaderTimeout = TimeSpan.FromMilliseconds(100);

    public async Task OnConnectionAsync(ConnectionContext connection, Func<Task> next)
    {
        var input = connection.Transport.Input;
        bool malformed;
        using (var timeout = new CancellationTokenSource(HeaderTimeout))
        {
            var registration = timeout.Token.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), input);
            malformed = await ReadHeaderAsync(connection, input);

            // Once this returns no cancellation callback can run any more; one that ran after the last read
            // left a pending cancellation, which the HTTP or TLS layer must not see.
            await registration.DisposeAsync();
            if (timeout.IsCancellationRequested && input.TryRead(out var leftover))
            {
                input.AdvanceTo(leftover.Buffer.Start);
            }
        }

        if (malformed)
        {
            LogMalformed(logger, connection.RemoteEndPoint);
            connection.Abort(new ConnectionAbortedException("malformed PROXY protocol header"));
            return;
        }

        await next();
    }

    /// <summary>Consumes a header if there is one; true when it is malformed.</summary>
    private static async Task<bool> ReadHeaderAsync(ConnectionContext connection, PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                // No complete header within the timeout: serve the connection as it is, as go-proxyproto does.
                input.AdvanceTo(buffer.Start);
                return false;
            }

            switch (ProxyProtocolV1.TryParse(buffer, out var end, out var source))
            {
                case ProxyHeaderStatus.Complete:
                    input.AdvanceTo(end);
                    if (source is not null)
                    {
                        connection.RemoteEndPoint = source;
                    }

                    return false;
                case ProxyHeaderStatus.Malformed:
                    input.AdvanceTo(buffer.Start);
                    return true;
                case ProxyHeaderStatus.Incomplete when !result.IsCompleted:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                default:
                    input.AdvanceTo(buffer.Start);
                    return false;
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "proxy-protocol-header-invalid", Level = LogLevel.Debug,
        Message = "Closed connection from {Remote}: malformed PROXY protocol header")]
    private static partial void LogMalformed(ILogger logger, System.Net.EndPoint? remote);
}
