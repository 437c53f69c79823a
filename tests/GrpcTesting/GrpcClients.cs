using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Grpc.Net.Client;

namespace Router.GrpcTesting;

/// <summary>
/// Real gRPC clients (Grpc.Net.Client over SocketsHttpHandler) that dial 127.0.0.1:<c>port</c> whatever the
/// address's host, so calls carry a route's name as <c>:authority</c> (and as SNI over TLS).
/// </summary>
public static class GrpcClients
{
    /// <summary>
    /// A channel to <c>scheme://authority:port</c> on loopback. Over https it checks the server certificate with
    /// <paramref name="validate"/>; over http it speaks h2c with prior knowledge, or HTTP/1.1 when asked.
    /// </summary>
    public static GrpcChannel Channel(string authority, int port, bool tls, RemoteCertificateValidationCallback? validate = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validate },
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress($"{(tls ? "https" : "http")}://{authority}:{port}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
    }
}
