using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoadGen.Nats;

/// <summary>
/// A publish-only client for the NATS core text protocol over one TCP connection
/// (https://docs.nats.io/reference/reference-protocols/nats-protocol): reads INFO, sends
/// CONNECT with verbose off, writes PUB frames through a buffer, answers the server's PINGs, and
/// uses PING/PONG round trips to know the server has read everything sent before.
/// </summary>
internal sealed class NatsPublisher : IDisposable
{
    private static readonly byte[] ConnectFrame = Encoding.ASCII.GetBytes(
        "CONNECT {\"verbose\":false,\"pedantic\":false,\"lang\":\"dotnet\",\"name\":\"loadgen\",\"protocol\":1}\r\nPING\r\n");

    private static readonly byte[] PingFrame = "PING\r\n"u8.ToArray();
    private static readonly byte[] PongFrame = "PONG\r\n"u8.ToArray();

    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly BufferedStream input;
    private readonly BufferedStream output;
    private readonly Lock writeLock = new();
    private readonly object pongLock = new();
    private readonly Thread reader;
    private long pingsSent;
    private long pongsReceived;
    private volatile string? failure;

    private NatsPublisher(Socket socket)
    {
        this.socket = socket;
        stream = new NetworkStream(socket, ownsSocket: false);
        input = new BufferedStream(stream, 4096);
        output = new BufferedStream(stream, 64 * 1024);
        reader = new Thread(ReadLoop) { IsBackground = true, Name = "nats-reader" };
    }

    /// <summary>Messages published so far.</summary>
    public long Published { get; private set; }

    /// <summary>Connects, completes the CONNECT handshake and waits for the first PONG.</summary>
    public static NatsPublisher Connect(IPEndPoint server, TimeSpan timeout)
    {
        Socket socket = new(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NatsPublisher? publisher = null;
        try
        {
            socket.Connect(server);
            socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            publisher = new NatsPublisher(socket);
            string info = publisher.ReadLine() ?? string.Empty;
            if (!info.StartsWith("INFO ", StringComparison.Ordinal))
            {
                throw new IOException($"expected INFO from nats-server, got '{info}'");
            }

            publisher.stream.Write(ConnectFrame);
            string reply = publisher.ReadLine() ?? string.Empty;
            if (reply != "PONG")
            {
                throw new IOException($"nats-server refused the connection: '{reply}'");
            }

            socket.ReceiveTimeout = 0;
            publisher.reader.Start();
            return publisher;
        }
        catch
        {
            publisher?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Queues one PUB frame; it leaves when the buffer fills or on <see cref="Send"/>.</summary>
    public void Publish(string subject, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[subject.Length + 32];
        int length = Encoding.ASCII.GetBytes("PUB " + subject + " ", header);
        Utf8Formatter.TryFormat(payload.Length, header[length..], out int digits);
        length += digits;
        header[length++] = (byte)'\r';
        header[length++] = (byte)'\n';
        lock (writeLock)
        {
            ThrowIfFailed();
            output.Write(header[..length]);
            output.Write(payload);
            output.Write("\r\n"u8);
            Published++;
        }
    }

    /// <summary>Writes out everything buffered without waiting for the server.</summary>
    public void Send()
    {
        lock (writeLock)
        {
            ThrowIfFailed();
            output.Flush();
        }
    }

    /// <summary>Sends a PING and waits for its PONG: the server has then processed all earlier PUBs.</summary>
    public void Flush(TimeSpan timeout)
    {
        long target;
        lock (writeLock)
        {
            ThrowIfFailed();
            output.Write(PingFrame);
            output.Flush();
            target = ++pingsSent;
        }

        lock (pongLock)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (Interlocked.Read(ref pongsReceived) < target && failure is null)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"no PONG from nats-server within {timeout.TotalSeconds:0.#} s");
                }

                Monitor.Wait(pongLock, left);
            }
        }

        ThrowIfFailed();
    }

    public void Dispose()
    {
        failure ??= "publisher closed";
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the server; nothing left to shut down.
        }

        socket.Dispose();
        output.Dispose();
        input.Dispose();
        stream.Dispose();
    }

    private void ThrowIfFailed()
    {
        if (failure is { } message)
        {
            throw new IOException($"NATS connection failed: {message}");
        }
    }

    private void ReadLoop()
    {
        try
        {
            while (ReadLine() is { } line)
            {
                if (line == "PING")
                {
                    lock (writeLock)
                    {
                        output.Write(PongFrame);
                        output.Flush();
                    }
                }
                else if (line == "PONG")
                {
                    Interlocked.Increment(ref pongsReceived);
                    lock (pongLock)
                    {
                        Monitor.PulseAll(pongLock);
                    }
                }
                else if (line.StartsWith("-ERR", StringComparison.Ordinal))
                {
                    failure = line;
                }
            }

            failure ??= "connection closed by nats-server";
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            failure ??= exception.Message;
        }

        lock (pongLock)
        {
            Monitor.PulseAll(pongLock);
        }
    }

    private string? ReadLine()
    {
        StringBuilder line = new();
        while (true)
        {
            int value = input.ReadByte();
            if (value < 0)
            {
                return null;
            }

            if (value == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)value);
        }
    }
}
