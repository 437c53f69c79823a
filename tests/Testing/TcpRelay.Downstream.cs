using System.Net.Sockets;

namespace Router.Testing;

public sealed partial class TcpRelay
{
    /// <summary>The server-to-client direction of one relayed connection: one writer at a time, and a stall switch.</summary>
    private sealed class Downstream(Socket client)
    {
        private readonly SemaphoreSlim _writing = new(1, 1);
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _stalled;

        /// <summary>From now on the server's bytes are no longer read: its socket buffers fill and it sees a slow consumer.</summary>
        public void Stall() => _stalled = true;

        /// <summary>Ends a stall for good, when the relay cuts or stops.</summary>
        public void Close() => _closed.TrySetResult();

        /// <summary>Completes at once unless stalled; when stalled, only once the relay closes the connection.</summary>
        public Task WhileStalledAsync() => _stalled ? _closed.Task : Task.CompletedTask;

        public Task RelayAsync(ReadOnlyMemory<byte> bytes) => SendAsync(bytes);

        public async Task SendAsync(ReadOnlyMemory<byte> bytes)
        {
            await _writing.WaitAsync();
            try
            {
                await client.SendAsync(bytes, SocketFlags.None);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // The connection is gone; the pump notices and closes the pair.
            }
            finally
            {
                _writing.Release();
            }
        }
    }
}
