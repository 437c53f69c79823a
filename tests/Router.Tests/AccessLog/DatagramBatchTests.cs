using System.Net;
using System.Net.Sockets;
using System.Text;
using Router.AccessLog;
using Router.Testing;

namespace Router.Tests.AccessLog;

public sealed class DatagramBatchTests
{
    [Fact]
    public void TryAdd_FullByCount_RefusesUntilSent()
    {
        var batch = new DatagramBatch();
        for (var i = 0; i < DatagramBatch.MaxMessages; i++)
        {
            Assert.True(batch.TryAdd("x"u8));
        }

        Assert.False(batch.TryAdd("x"u8));
        Assert.Equal(DatagramBatch.MaxMessages, batch.Count);
    }

    [Fact]
    public void TryAdd_FullByBytes_RefusesTheDatagramThatDoesNotFit()
    {
        var batch = new DatagramBatch();
        var largest = new byte[SyslogWireFormat.MaxDatagramBytes];

        Assert.True(batch.TryAdd(largest));
        Assert.True(batch.TryAdd(largest));
        Assert.False(batch.TryAdd("x"u8));
        Assert.Equal(2, batch.Count);
    }

    [Fact]
    public async Task Send_SeveralFullBatches_EveryDatagramArrivesWholeAndInOrder()
    {
        using var server = Receiver(out var port);
        using var client = Connected(port);
        var batch = new DatagramBatch();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var line = 0;
        for (var round = 0; round < 3; round++)
        {
            var expected = new List<string>();
            while (true)
            {
                // Lengths from a few bytes to a few hundred, as access lines vary.
                var text = $"{line}:" + new string((char)('a' + (line % 26)), line % 300);
                if (!batch.TryAdd(Encoding.ASCII.GetBytes(text)))
                {
                    break;
                }

                expected.Add(text);
                line++;
            }

            Assert.Equal(DatagramBatch.MaxMessages, expected.Count);
            batch.Send(client);
            Assert.Equal(0, batch.Count);
            foreach (var text in expected)
            {
                Assert.Equal(text, Encoding.ASCII.GetString((await server.ReceiveAsync(timeout.Token)).Buffer));
            }
        }
    }

    [Fact]
    public async Task Send_LargestDatagrams_ArriveWhole()
    {
        using var server = Receiver(out var port);
        using var client = Connected(port);
        var batch = new DatagramBatch();
        var first = new byte[SyslogWireFormat.MaxDatagramBytes];
        var second = new byte[SyslogWireFormat.MaxDatagramBytes];
        first.AsSpan().Fill((byte)'1');
        second.AsSpan().Fill((byte)'2');
        batch.TryAdd(first);
        batch.TryAdd(second);

        batch.Send(client);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(first, (await server.ReceiveAsync(timeout.Token)).Buffer);
        Assert.Equal(second, (await server.ReceiveAsync(timeout.Token)).Buffer);
    }

    [Fact]
    public async Task Send_PortRefuses_ThrowsConnectionRefusedAndCountsWhatWasSent()
    {
        using var client = Connected(FreePort.Next());
        var batch = new DatagramBatch();
        SocketException? refused = null;

        // The kernel learns of the refusal from the first datagram's ICMP answer and reports it on a later send.
        await Eventually.Until("a send was refused", () =>
        {
            batch.TryAdd("line"u8);
            batch.TryAdd("line"u8);
            try
            {
                batch.Send(client);
                return false;
            }
            catch (SocketException ex)
            {
                refused = ex;
                return true;
            }
        });

        Assert.Equal(SocketError.ConnectionRefused, refused!.SocketErrorCode);
        Assert.InRange(batch.Sent, 0, 1);
        Assert.Equal(2, batch.Count);
    }

    private static UdpClient Receiver(out int port)
    {
        var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        // Room for a whole batch: the test reads only after sending.
        server.Client.ReceiveBufferSize = 1024 * 1024;
        port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        return server;
    }

    private static Socket Connected(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }
}
