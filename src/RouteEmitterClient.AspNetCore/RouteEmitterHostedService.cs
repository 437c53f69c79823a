using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NATS.Client.Core;

namespace RouteEmitterClient.AspNetCore;

/// <summary>
/// Runs a <see cref="RouteEmitter"/> for an ASP.NET Core application: starts it once every hosted service (the web
/// server included) has started, so the bound port is known, and stops it (unregistering) as soon as the application
/// begins to stop, so routers stop sending traffic before the server goes away.
/// </summary>
internal sealed partial class RouteEmitterHostedService(
    IOptions<RouteEmitterOptions> options,
    IServer server,
    ILoggerFactory loggerFactory) : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>Pause between attempts while NATS is unreachable at start-up (Gorouter's reconnect wait).</summary>
    private static readonly TimeSpan StartRetryDelay = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = loggerFactory.CreateLogger<RouteEmitterHostedService>();
    private readonly CancellationTokenSource _stopping = new();
    private RouteEmitter? _emitter;
    private Task _starting = Task.CompletedTask;

    /// <summary>The running emitter, once the application has started.</summary>
    internal RouteEmitter? Emitter => _emitter;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Copy();
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        BoundAddress.Apply(configured, addresses);
        configured.LoggerFactory ??= loggerFactory;
        _emitter = new RouteEmitter(configured);
        var emitter = _emitter;
        _starting = Task.Run(() => StartWithRetriesAsync(emitter, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _starting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_emitter is not null)
        {
            await _emitter.StopAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _starting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_emitter is not null)
        {
            await _emitter.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task StartWithRetriesAsync(RouteEmitter emitter, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await emitter.StartAsync(stopping);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (NatsException ex)
            {
                LogStartFailed(_logger, StartRetryDelay, ex.Message);
            }

            try
            {
                await Task.Delay(StartRetryDelay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 20, EventName = "nats-connection-failed", Level = LogLevel.Warning,
        Message = "Could not reach NATS to register the routes; trying again in {Delay}: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, TimeSpan delay, string reason);
}
