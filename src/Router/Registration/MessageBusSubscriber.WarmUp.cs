using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RouteRegistry;

namespace Router.Registration;

/// <summary>
/// The start-up warm-up of the registration path (<c>nats.warm_up</c>). The emitters answer <c>router.start</c> with
/// every route they know, so a router's first seconds are its heaviest registration burst; and a freshly started
/// runtime recompiles the hot methods of that path twice meanwhile (dynamic PGO: once instrumented, once with the
/// profile), on the same core. Before <c>router.start</c>, the router therefore publishes registrations of made-up
/// routes to a subject of its own, receives them through a second subscription like its real one, and applies them
/// to a scratch route table with no metrics, logging to nowhere (and unregisters them again), round after round, until the runtime has stopped compiling
/// for a while. The burst then meets compiled code. The real table, metrics and logs see nothing of it.
/// </summary>
internal sealed partial class MessageBusSubscriber
{
    /// <summary>Registrations per round: 500 routes with two endpoints each (and as many unregistrations after the first).</summary>
    private const int WarmUpRoundMessages = 1000;

    /// <summary>The warm-up ends once this long has passed without a method compiled...</summary>
    private static readonly TimeSpan WarmUpQuiet = TimeSpan.FromMilliseconds(250);

    /// <summary>...or after this long in any case.</summary>
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(3);

    /// <summary>How long the first made-up message may take to come back before the warm-up is given up.</summary>
    private static readonly TimeSpan WarmUpProbeWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Creates the loggers of the warm-up's scratch table: the router's own format and level, written nowhere, so that
    /// the logging of new routes is warmed up too. Null: nothing is logged.
    /// </summary>
    public Func<ILoggerFactory>? CreateWarmUpLogging { get; init; }

    /// <summary>Runs the warm-up when <c>nats.warm_up</c> is on; a failure is logged and start-up goes on.</summary>
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (!_warmUp)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();

        // A NATS server that goes away meanwhile must not hold up the start for long.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(WarmUpLimit + WarmUpLimit);
        try
        {
            var (rounds, messages, fastestRound) = await RunWarmUpAsync(limit.Token);

            // The scratch tables and messages are garbage now: one full collection that also returns the memory
            // they took to the system, before the real routes arrive (a few milliseconds with a small heap).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogWarmedUp(_logger, messages, rounds, milliseconds, fastestRound);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogWarmUpFailed(_logger, ex);
        }
    }

    private async Task<(int Rounds, int Messages, double FastestRoundMs)> RunWarmUpAsync(CancellationToken cancellationToken)
    {
        var prefix = $"_router_warm_up.{Guid.NewGuid():N}.";
        var pending = new PendingPayloads(2 * WarmUpRoundMessages, static () => { });
        await using var subscription = new RouterSubscription(_connection, pending, prefix);
        await _connection.AddSubAsync(subscription, cancellationToken);
        await _connection.PingAsync(cancellationToken);

        // Every setting of the real table but sharding, which could turn the made-up routes away unapplied.
        using var logging = CreateWarmUpLogging?.Invoke() ?? NullLoggerFactory.Instance;
        var table = new RouteTable(_table.Options with { ShardingMode = ShardingMode.All }, _timeProvider, logging.CreateLogger<RouteTable>());
        var applier = new RegistrationApplier(table, metrics: null, _timeProvider, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var processing = Task.Run(() => ProcessAsync(pending, applier, stop.Token), CancellationToken.None);

        var register = prefix + "register";
        var unregister = prefix + "unregister";

        var rounds = 0;
        var fastest = long.MaxValue;
        try
        {
            // One message first: where NATS permissions keep the router from its private subject, the server refuses
            // that one (one line in its log) and the warm-up is skipped, instead of refusing a stream of them.
            await _connection.PublishAsync(register, WarmUpRegistration(-1, 0), cancellationToken: cancellationToken);
            await _connection.PingAsync(cancellationToken);
            var probeSent = Stopwatch.GetTimestamp();
            while (table.RouteCount == 0 && Stopwatch.GetElapsedTime(probeSent) < WarmUpProbeWait)
            {
                await Task.Delay(1, cancellationToken);
            }

            if (table.RouteCount == 0)
            {
                throw new InvalidOperationException(
                    $"A message published to {register} did not come back within {WarmUpProbeWait.TotalSeconds:0} s; do the router's NATS permissions allow publishing and subscribing to {prefix}>?");
            }

            var started = Stopwatch.GetTimestamp();
            var lastCompiled = JitInfo.GetCompiledMethodCount();
            var lastCompiledAt = started;
            while (Stopwatch.GetElapsedTime(started) < WarmUpLimit)
            {
                var roundStarted = Stopwatch.GetTimestamp();

                // Each round adds 500 routes and takes the previous round's away, so the table stays small.
                for (var i = 0; i < WarmUpRoundMessages; i++)
                {
                    await _connection.PublishAsync(register, WarmUpRegistration(rounds, i), cancellationToken: cancellationToken);
                    if (rounds > 0)
                    {
                        await _connection.PublishAsync(unregister, WarmUpRegistration(rounds - 1, i), cancellationToken: cancellationToken);
                    }
                }

                rounds++;

                // The server answers the PING after it has delivered the messages published before it, so once the
                // PONG is in, every message of the round is pending or applied.
                await _connection.PingAsync(cancellationToken);
                while (pending.Count > 0)
                {
                    await Task.Delay(1, cancellationToken);
                }

                fastest = Math.Min(fastest, Stopwatch.GetTimestamp() - roundStarted);

                // Health checks and other start-up work keep the JIT busy too, so on a router being watched the quiet
                // may never come; the limit ends the warm-up then.
                var compiled = JitInfo.GetCompiledMethodCount();
                if (compiled != lastCompiled)
                {
                    lastCompiled = compiled;
                    lastCompiledAt = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(lastCompiledAt) >= WarmUpQuiet)
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await processing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return (rounds, rounds * WarmUpRoundMessages * 2 - WarmUpRoundMessages, Stopwatch.GetElapsedTime(0, fastest).TotalMilliseconds);
    }

    /// <summary>
    /// A registration as route emitters send them (GUID ids, tags, a stale threshold): endpoint <paramref name="index"/>
    /// % 2 of route <paramref name="index"/> / 2 of the round, under a host name no DNS resolves.
    /// </summary>
    private static byte[] WarmUpRegistration(int round, int index)
    {
        var route = round * WarmUpRoundMessages / 2 + index / 2;
        var instance = route * 2 + index % 2;
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"host":"127.0.0.{{1 + index % 2}}","port":{{8080 + index % 2}},"uris":["warm-up-{{route}}.router.invalid"],"app":"{{new Guid(route, 0, 0, new byte[8]):D}}","private_instance_id":"{{new Guid(instance, 1, 0, new byte[8]):D}}","private_instance_index":"{{index % 2}}","server_cert_domain_san":"","tags":{"component":"route-emitter"},"stale_threshold_in_seconds":120,"availability_zone":"z1"}"""));
    }

    [LoggerMessage(EventId = 206, EventName = "registration-warm-up-done", Level = LogLevel.Information,
        Message = "Warmed up the registration path with {Messages} made-up messages in {Rounds} rounds ({Milliseconds:0} ms; fastest round {FastestRoundMilliseconds:0.0} ms)")]
    private static partial void LogWarmedUp(ILogger logger, int messages, int rounds, double milliseconds, double fastestRoundMilliseconds);

    [LoggerMessage(EventId = 207, EventName = "registration-warm-up-failed", Level = LogLevel.Warning,
        Message = "The warm-up of the registration path failed; starting without it")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
