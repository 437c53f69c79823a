namespace Router.Proxying;

/// <summary>
/// The one signal that ends every WebSocket the router has joined, when the router stops accepting (drain after
/// <c>drain_wait</c>, or SIGTERM). Gorouter does not wait for upgraded (hijacked) connections when it drains; they end
/// with its process. Here they end as soon as the proxy listener closes, so they never hold up the wait for
/// ordinary requests (docs/gorouter-compatibility.md §7.4, §8.3). Upgraded exchanges pass <see cref="Token"/> to
/// the forwarder instead of an <c>endpoint_timeout</c> token: no per-request registration.
/// </summary>
internal sealed class WebSocketConnections : IDisposable
{
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Cancelled when the router closes its WebSockets; an exchange started after that fails at once.</summary>
    public CancellationToken Token => _closing.Token;

    /// <summary>Closes every joined WebSocket, client side and backend side; idempotent.</summary>
    public Task CloseAllAsync() => _closing.CancelAsync();

    public void Dispose() => _closing.Dispose();
}
