using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Router.AccessLog;

namespace Router.Tests.AccessLog;

/// <summary>
/// A TCP syslog receiver on loopback that reads octet-counted frames, or, with <c>read: false</c>, accepts
/// connections and never reads from them. It can be stopped and started again on the same port.
/// </summary>
internal sealed class SyslogTestListener : IAsyncDisposable
{
    private readonly bool _read;
    private readonly List<TcpClient> _accepted = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task _accepting = Task.CompletedTask;

    public SyslogTestListener(bool read = true, int port = 0)
    {
        _read = read;
        Port = port;
    }

    public int Port { get; private set; }

    public ConcurrentQueue<string> Messages { get; } = new();

    public int Connections { get; private set; }

    public static SyslogTestListener StartNew(bool read = true)
    {
        var listener = new SyslogTestListener(read);
        listener.Start();
        return listener;
    }

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stop = new CancellationTokenSource();
        _accepting = AcceptAsync(_listener, _stop.Token);
    }

    public async Task StopAsync()
    {
        if (_listener is null)
        {
            return;
        }

        await _stop!.CancelAsync();
        _listener.Stop();
        lock (_accepted)
        {
            foreach (var client in _accepted)
            {
                client.Dispose();
            }

            _accepted.Clear();
        }

        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _listener = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var readers = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                lock (_accepted)
                {
                    _accepted.Add(client);
                    Connections++;
                }

                if (_read)
                {
                    readers.Add(ReadAsync(client, cancellationToken));
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }

        await Task.WhenAll(readers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ReadAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        var buffer = new byte[1 << 20];
        var filled = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return;
            }

            filled += read;
            var start = 0;
            while (SyslogFraming.TryReadOctetCounted(buffer.AsSpan(start, filled - start), out var message, out var consumed))
            {
                Messages.Enqueue(Encoding.UTF8.GetString(message));
                start += consumed;
            }

            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            filled -= start;
        }
    }
}
