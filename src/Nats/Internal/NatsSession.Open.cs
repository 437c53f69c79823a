using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json;
using Nats.Protocol;

namespace Nats.Internal;

// Opening a session: TCP connect, the server's INFO, and the TLS upgrade that follows INFO when asked for.
internal sealed partial class NatsSession
{
    /// <summary>Opens TCP, reads INFO and, when asked for or required by the server, upgrades to TLS.</summary>
    public static async Task<NatsSession> OpenAsync(
        NatsConnection owner, NatsServerAddress server, bool requireTls, Func<TlsSettings> tls, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        PipeReader? reader = null;
        try
        {
            reader = PipeReader.Create(stream, ReaderOptions);
            var (info, trailing) = await ReadInfoAsync(reader, cancellationToken);
            var useTls = requireTls || info.TlsRequired;
            if (useTls)
            {
                if (!info.TlsRequired && !info.TlsAvailable)
                {
                    throw new NatsException("TLS is required but the server does not offer it.");
                }

                if (trailing)
                {
                    throw new NatsException("The server sent data after INFO before the TLS handshake.");
                }

                await reader.CompleteAsync();
                reader = null;
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(tls().CreateClientOptions(server.Host), cancellationToken);
                reader = PipeReader.Create(ssl, ReaderOptions);
            }

            return new NatsSession(owner, server, stream, reader, info, useTls);
        }
        catch
        {
            if (reader is not null)
            {
                await reader.CompleteAsync();
            }

            await stream.DisposeAsync();
            throw;
        }
    }

    private static async Task<(ServerInfo Info, bool Trailing)> ReadInfoAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var status = NatsProtocolParser.TryParse(ref buffer, out var op, out var error);
            if (status == ParseStatus.NeedMoreData)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new NatsException("The server closed the connection before sending INFO.");
                }

                continue;
            }

            if (status == ParseStatus.Invalid)
            {
                throw new NatsException($"Protocol error before INFO: {error}.");
            }

            try
            {
                return op.Kind switch
                {
                    ServerOpKind.Info => (ParseInfo(op.Argument), !buffer.IsEmpty),
                    ServerOpKind.Err => throw new NatsException($"The server refused the connection: {ErrorText(op.Argument)}"),
                    _ => throw new NatsException($"Expected INFO from the server but got {op.Kind}."),
                };
            }
            finally
            {
                reader.AdvanceTo(buffer.Start);
            }
        }
    }

    private static ServerInfo ParseInfo(ReadOnlySequence<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return JsonSerializer.Deserialize(ref reader, ProtocolJsonContext.Default.ServerInfo)
                ?? throw new NatsException("The server sent an empty INFO.");
        }
        catch (JsonException ex)
        {
            throw new NatsException($"The server sent INFO that is not valid JSON: {ex.Message}", ex);
        }
    }
}
