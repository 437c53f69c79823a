using System.Text.Json;
using NATS.Client.Core;
using Router.Testing;
using RouteMessages;

namespace RouteEmitterClient.Tests.Infrastructure;

/// <summary>
/// A second NATS client in the role of a router: records every <c>router.register</c> and <c>router.unregister</c>,
/// optionally answers <c>router.greet</c>, and can broadcast <c>router.start</c>.
/// </summary>
internal sealed class NatsProbe : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly List<(string Subject, JsonElement Body)> _received = [];
    private readonly List<Task> _readers = [];
    private readonly CancellationTokenSource _stop = new();
    private int _greets;

    private NatsProbe(NatsConnection connection) => _connection = connection;

    public NatsConnection Connection => _connection;

    /// <summary>How many <c>router.greet</c> requests were answered.</summary>
    public int Greets => Volatile.Read(ref _greets);

    /// <summary>Connects and subscribes; returns once the server has the subscriptions.</summary>
    /// <param name="greetAnswer">When given, every <c>router.greet</c> is answered with it, as a router would.</param>
    /// <param name="tls">When given, connects over TLS with its client certificate.</param>
    public static async Task<NatsProbe> StartAsync(NatsServerProcess server, RouterStartMessage? greetAnswer = null, NatsTlsFiles? tls = null)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = tls is null ? server.Url : $"tls://127.0.0.1:{server.Port}",
            TlsOpts = tls is null
                ? new NatsTlsOpts()
                : new NatsTlsOpts { Mode = TlsMode.Require, CaFile = tls.CaPath, CertFile = tls.ClientCertPath, KeyFile = tls.ClientKeyPath },
            ReconnectWaitMin = TimeSpan.FromMilliseconds(20),
            Name = "probe",
        });
        var probe = new NatsProbe(connection);
        await connection.ConnectAsync();
        probe.Record(await connection.SubscribeCoreAsync<byte[]>(NatsSubjects.Register));
        probe.Record(await connection.SubscribeCoreAsync<byte[]>(NatsSubjects.Unregister));
        if (greetAnswer is not null)
        {
            probe.Answer(await connection.SubscribeCoreAsync<byte[]>(NatsSubjects.Greet), RegistrationMessageParser.Serialize(greetAnswer));
        }

        await connection.PingAsync();
        return probe;
    }

    public IReadOnlyList<JsonElement> Messages(string subject)
    {
        lock (_received)
        {
            return [.. _received.Where(m => m.Subject == subject).Select(m => m.Body)];
        }
    }

    public int Count(string subject) => Messages(subject).Count;

    public async Task BroadcastStartAsync(RouterStartMessage start)
    {
        await _connection.PublishAsync(NatsSubjects.Start, RegistrationMessageParser.Serialize(start));
        await _connection.PingAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _connection.DisposeAsync();
        await Task.WhenAll(_readers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private void Record(INatsSub<byte[]> subscription) => _readers.Add(Task.Run(async () =>
    {
        await foreach (var message in subscription.Msgs.ReadAllAsync(_stop.Token))
        {
            using var document = JsonDocument.Parse(message.Data);
            lock (_received)
            {
                _received.Add((message.Subject, document.RootElement.Clone()));
            }
        }
    }));

    private void Answer(INatsSub<byte[]> subscription, byte[] answer) => _readers.Add(Task.Run(async () =>
    {
        await foreach (var message in subscription.Msgs.ReadAllAsync(_stop.Token))
        {
            if (message.ReplyTo is { } reply)
            {
                Interlocked.Increment(ref _greets);
                await _connection.PublishAsync(reply, answer);
            }
        }
    }));
}
