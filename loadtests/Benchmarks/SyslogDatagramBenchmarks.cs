using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Router.AccessLog;

namespace Benchmarks;

/// <summary>
/// Streaming the access log over UDP (<c>src/Router/AccessLog</c>): <see cref="OneSendEach"/> hands 128 syslog
/// messages of <see cref="MessageBytes"/> bytes to the kernel with one <c>send</c> each, <see cref="OneBatch"/> with
/// <see cref="DatagramBatch"/> (one <c>sendmmsg</c> on Linux). The receiver is a loopback socket that a thread
/// drains, as a syslog server would; the sender's cost is the kernel's work per datagram plus one or 128 system
/// call entries.
/// </summary>
/// <remarks>
/// <c>--job short --inProcess --iterationCount 10 --warmupCount 5</c>, 2 shared cores, 500-byte messages: 5.65 us per
/// datagram sent one at a time, 1.77 us in batches of 128 (copy into the batch included). The draining thread may
/// fall behind a batch, and a datagram the receiver's buffer has no room for is dropped at a little less cost to
/// the sender than one it queues, so the batch's figure is a lower bound; the load test's syslog scenario measures
/// the router with rsyslogd receiving every line.
/// </remarks>
[MemoryDiagnoser]
public class SyslogDatagramBenchmarks
{
    private const int Messages = DatagramBatch.MaxMessages;

    private Socket _receiver = null!;
    private Socket _sender = null!;
    private Thread _drain = null!;
    private DatagramBatch _batch = null!;
    private byte[] _message = null!;
    private volatile bool _stopping;

    /// <summary>Bytes of one syslog message (an access line with the RFC 5424 header and app tags is 400-700).</summary>
    [Params(500)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver.ReceiveTimeout = 200;
        _sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sender.Connect(_receiver.LocalEndPoint!);
        _message = new byte[MessageBytes];
        _message.AsSpan().Fill((byte)'x');
        _batch = new DatagramBatch();
        _drain = new Thread(Drain) { IsBackground = true };
        _drain.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        _drain.Join();
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public void OneSendEach()
    {
        for (var i = 0; i < Messages; i++)
        {
            _sender.Send(_message, SocketFlags.None);
        }
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public void OneBatch()
    {
        for (var i = 0; i < Messages; i++)
        {
            _batch.TryAdd(_message);
        }

        _batch.Send(_sender);
    }

    private void Drain()
    {
        var buffer = new byte[65_536];
        while (!_stopping)
        {
            try
            {
                _receiver.Receive(buffer);
            }
            catch (SocketException)
            {
                // Timed out: look at _stopping again.
            }
        }
    }
}
