using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Nats.Protocol;

namespace Nats.Internal;

/// <summary>
/// One socket to one server and the loops that serve it: a reader that parses and dispatches, a writer that drains
/// the <see cref="OutboundBuffer"/>, and a pinger that finds a dead peer. The first failure of any of them (or a
/// protocol error) ends the session for good; <see cref="NatsConnection"/> then opens a new one.
/// </summary>
internal sealed partial class NatsSession : IAsyncDisposable
{
    private static readonly StreamPipeReaderOptions ReaderOptions =
        new(bufferSize: 64 * 1024, minimumReadSize: 8 * 1024, leaveOpen: true);

    private readonly NatsConnection _owner;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<NatsException> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private Task _pingLoop = Task.CompletedTask;
    private int _pingsOutstanding;
    private int _failed;
    private int _disposed;
    private volatile bool _authenticated;
    private volatile ServerInfo _info;

    private NatsSession(NatsConnection owner, NatsServerAddress server, Stream stream, PipeReader reader, ServerInfo info, bool tls)
    {
        _owner = owner;
        Server = server;
        _stream = stream;
        _reader = reader;
        _info = info;
        IsTls = tls;
    }

    public NatsServerAddress Server { get; }

    public bool IsTls { get; }

    /// <summary>The latest INFO; servers resend it when the cluster changes.</summary>
    public ServerInfo Info => _info;

    public OutboundBuffer Outbound { get; } = new();

    /// <summary>Completes, with the reason, when the session has failed or was closed.</summary>
#pragma warning disable VSTHRD003 // No SynchronizationContext or JoinableTaskFactory here: awaiting a task started elsewhere cannot deadlock.
    public Task<NatsException> Completion => _completion.Task;
#pragma warning restore VSTHRD003

    /// <summary>Starts reading and writing; operations queued in <see cref="Outbound"/> now reach the socket.</summary>
    public void Start()
    {
        _readLoop = Task.Run(ReadLoopAsync);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    /// <summary>From now on a -ERR is logged instead of failing the handshake.</summary>
    public void MarkAuthenticated() => _authenticated = true;

    public void StartPinging(TimeSpan interval, int maxOutstanding) =>
        _pingLoop = Task.Run(() => PingLoopAsync(interval, maxOutstanding));

    /// <summary>Ends the session; the first reason wins. Never call while holding the connection's lock.</summary>
    public void Fail(NatsException reason)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0)
        {
            return;
        }

        // The connection forgets this session before its buffer refuses writes, so a publisher that sees
        // WriteResult.Closed always finds the connection already reconnecting.
        _owner.OnSessionFailed(this);
        Outbound.Close(reason);
        _stopping.Cancel();
        _stream.Dispose();
        _completion.TrySetResult(reason);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Fail(new NatsException("The connection was closed."));
#pragma warning disable VSTHRD003 // No SynchronizationContext or JoinableTaskFactory here: awaiting a task started elsewhere cannot deadlock.
        await Task.WhenAll(_readLoop, _writeLoop, _pingLoop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
#pragma warning restore VSTHRD003
        await _reader.CompleteAsync();
        _stopping.Dispose();
    }

    // nats-server quotes its error texts: -ERR 'Authorization Violation'.
    private static string ErrorText(ReadOnlySequence<byte> argument) =>
        Encoding.UTF8.GetString(argument).Trim('\'');

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_stopping.Token);
                var buffer = result.Buffer;
                try
                {
                    while (true)
                    {
                        var status = NatsProtocolParser.TryParse(ref buffer, out var op, out var error);
                        if (status == ParseStatus.Parsed)
                        {
                            Handle(in op);
                        }
                        else if (status == ParseStatus.Invalid)
                        {
                            throw new NatsException($"Protocol error from the server: {error}.");
                        }
                        else
                        {
                            break;
                        }
                    }
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    throw new NatsException("The server closed the connection.");
                }
            }
        }
        catch (NatsException ex)
        {
            Fail(ex);
        }
        catch (Exception ex)
        {
            Fail(new NatsException($"Reading from the server failed: {ex.Message}", ex));
        }
    }

    private void Handle(in ServerOp op)
    {
        switch (op.Kind)
        {
            case ServerOpKind.Msg:
                _owner.Deliver(in op);
                break;
            case ServerOpKind.Ping:
                Outbound.TryWrite(0, static (writer, _) => ProtocolWriter.WritePong(writer));
                break;
            case ServerOpKind.Pong:
                Volatile.Write(ref _pingsOutstanding, 0);
                Outbound.CompletePong();
                break;
            case ServerOpKind.Info:
                _info = ParseInfo(op.Argument);
                break;
            case ServerOpKind.Err:
                var text = ErrorText(op.Argument);
                if (!_authenticated)
                {
                    throw new NatsException($"The server rejected the connection: {text}");
                }

                _owner.OnServerError(this, text);
                break;
            case ServerOpKind.Ok:
                break;
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (await Outbound.TakeAsync(_stopping.Token) is { } chunk)
            {
                await _stream.WriteAsync(chunk.WrittenMemory, _stopping.Token);
                Outbound.Return(chunk);
            }
        }
        catch (Exception ex)
        {
            Fail(new NatsException($"Writing to the server failed: {ex.Message}", ex));
        }
    }

    private async Task PingLoopAsync(TimeSpan interval, int maxOutstanding)
    {
        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                // As nats.go does: count the PING about to be sent; beyond the limit the peer is presumed dead.
                if (Interlocked.Increment(ref _pingsOutstanding) > maxOutstanding)
                {
                    Fail(new NatsException($"The server did not answer {maxOutstanding} PINGs; the connection is stale."));
                    return;
                }

                Outbound.TryWritePing(waiter: null);
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended.
        }
    }
}
