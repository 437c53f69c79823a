using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Router.AccessLog;

/// <summary>
/// One connection to the syslog server: a connected UDP socket (one datagram per message, RFC 5426), a TCP stream
/// (RFC 6587) or TLS over TCP (RFC 5425). TLS checks the server's certificate for the host of
/// <c>logging.syslog_addr</c> against the system's roots plus <c>ca_certs</c>, as the router checks backends.
/// </summary>
internal sealed class SyslogConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream? _stream;

    private SyslogConnection(Socket socket, Stream? stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>When the connection was opened (<see cref="Environment.TickCount64"/>).</summary>
    public long OpenedAt { get; } = Environment.TickCount64;

    /// <summary>True for UDP: each message is sent alone, without framing.</summary>
    public bool IsDatagram => _stream is null;

    /// <summary>Resolves, connects and (for TLS) completes the handshake; throws on any failure.</summary>
    public static async Task<SyslogConnection> OpenAsync(SyslogTarget target, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(target.Address.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(target.Address.Host, target.Family, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        // "localhost" may resolve to ::1 and 127.0.0.1 while the server listens on one of them; take the first that answers.
        for (var i = 0; ; i++)
        {
            try
            {
                return await OpenAsync(target, addresses[i], cancellationToken);
            }
            catch (SocketException) when (i < addresses.Length - 1)
            {
                // Try the next address.
            }
        }
    }

    private static async Task<SyslogConnection> OpenAsync(SyslogTarget target, IPAddress address, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, target.IsDatagram ? SocketType.Dgram : SocketType.Stream,
            target.IsDatagram ? ProtocolType.Udp : ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, target.Address.Port), cancellationToken);
            if (target.IsDatagram)
            {
                return new SyslogConnection(socket, null);
            }

            socket.NoDelay = true;
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (target.Trust is { } trust)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = target.Address.Host,
                        CertificateChainPolicy = trust.CreateChainPolicy(),
                        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                    },
                    cancellationToken);
            }

            return new SyslogConnection(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends each message of <paramref name="batch"/> as a datagram (UDP) on the connected socket.</summary>
    public void SendDatagrams(DatagramBatch batch) => batch.Send(_socket);

    /// <summary>Writes framed messages to the stream (TCP, TLS).</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
    {
        await _stream!.WriteAsync(frames, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _socket.Dispose();
    }
}
