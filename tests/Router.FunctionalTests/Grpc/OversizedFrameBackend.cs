using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Router.FunctionalTests.Grpc;

/// <summary>
/// A TLS server that agrees to h2 by ALPN and then breaks HTTP/2: after the client's preface it sends its SETTINGS
/// and a HEADERS frame longer than the 16,384-byte maximum frame size every HTTP/2 peer must accept (RFC 9113 §4.2).
/// </summary>
internal sealed class OversizedFrameBackend : IAsyncDisposable
{
    private const int OversizedLength = 20_000;
    private static readonly byte[] EmptySettings = [0, 0, 0, 0x4, 0, 0, 0, 0, 0];

    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly Task _accepting;
    private int _connections;

    private OversizedFrameBackend(X509Certificate2 certificate)
    {
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections that completed the TLS handshake and were sent the oversized frame.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public static OversizedFrameBackend Start(X509Certificate2 certificate) => new(certificate);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync();
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
            });
            var preface = new byte[24];
            await tls.ReadExactlyAsync(preface);
            var frame = new byte[9 + OversizedLength];
            BinaryPrimitives.WriteInt32BigEndian(frame, OversizedLength << 8 | 0x1);
            frame[4] = 0x4;
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), 1);
            await tls.WriteAsync(EmptySettings);
            await tls.WriteAsync(frame);
            await tls.FlushAsync();
            Interlocked.Increment(ref _connections);
            var sink = new byte[4096];
            while (await tls.ReadAsync(sink) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // The router closes the connection once it sees the frame.
        }
    }
}
