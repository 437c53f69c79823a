using System.Runtime.InteropServices;
using Conventions;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using RouteEmitterClient.CommandLine;

namespace RouteEmitterClient;

/// <summary>
/// The sidecar: <c>RouteEmitterClient --nats URL --host HOST --port PORT --uri ROUTE [...]</c> or
/// <c>--config emitter.yaml</c>. Registers until SIGTERM or SIGINT, then unregisters and exits 0; exits 2 for
/// invalid settings and 1 when NATS cannot be reached.
/// </summary>
internal static partial class Program
{
    private const int InvalidUsage = 2;
    private const int NatsUnreachable = 1;

    public static async Task<int> Main(string[] args)
    {
        var arguments = SidecarArguments.Parse(args);
        if (arguments.ShowHelp)
        {
            await Console.Out.WriteLineAsync(SidecarArguments.Usage);
            return 0;
        }

        var (options, logLevel, errors) = Resolve(arguments);
        if (options is null)
        {
            await ReportInvalidAsync(errors);
            return InvalidUsage;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(logLevel)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            }));
        options.LoggerFactory = loggerFactory;
        var logger = loggerFactory.CreateLogger("RouteEmitterClient");

        RouteEmitter emitter;
        try
        {
            emitter = new RouteEmitter(options);
        }
        catch (ArgumentException ex)
        {
            await ReportInvalidAsync([ex.Message]);
            return InvalidUsage;
        }

        await using (emitter)
        {
            using var stopping = new CancellationTokenSource();

            // Signals inherited as ignored (a shell's background job ignores SIGINT) are handled all the same.
            var restored = InheritedSignals.RestoreDefaults(InheritedSignals.Interrupt, InheritedSignals.Terminate);
            if (restored.Count > 0)
            {
                LogSignalsRestored(logger, restored);
            }

            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, stopping, logger));
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, stopping, logger));
            try
            {
                await emitter.StartAsync(stopping.Token);
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // SIGTERM or SIGINT: unregister below.
            }
            catch (NatsException ex)
            {
                LogNatsUnreachable(logger, ex.Message);
                return NatsUnreachable;
            }

            await emitter.StopAsync();
        }

        return 0;
    }

    /// <summary>Reads the file named by <c>--config</c> (if any), applies the flags on top and validates the result.</summary>
    internal static (RouteEmitterOptions? Options, LogLevel LogLevel, IReadOnlyList<string> Errors) Resolve(SidecarArguments arguments)
    {
        var errors = new List<string>(arguments.Errors);
        var settings = arguments.Settings;
        if (arguments.ConfigPath is { } path)
        {
            var file = ConfigFile.Load(path, out var fileError);
            if (file is null)
            {
                errors.Add(fileError!);
                return (null, LogLevel.Information, errors);
            }

            settings = file.OverriddenBy(settings);
        }

        var options = SettingsMapper.ToOptions(settings, out var logLevel, out var settingErrors);
        errors.AddRange(settingErrors);
        return (errors.Count == 0 ? options : null, logLevel, errors);
    }

    private static async Task ReportInvalidAsync(IEnumerable<string> errors)
    {
        await Console.Error.WriteLineAsync("RouteEmitterClient: invalid arguments or settings:");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync("  " + error);
        }

        await Console.Error.WriteLineAsync("Run RouteEmitterClient --help for usage.");
    }

    private static void OnSignal(PosixSignalContext context, CancellationTokenSource stopping, ILogger logger)
    {
        // Handle the signal here instead of letting the runtime end the process, so the routes get unregistered.
        context.Cancel = true;
        LogStopping(logger, context.Signal);
        stopping.Cancel();
    }

    [LoggerMessage(EventId = 30, EventName = "nats-connection-failed", Level = LogLevel.Error,
        Message = "Could not connect to NATS: {Reason}")]
    private static partial void LogNatsUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 32, EventName = "signals-restored", Level = LogLevel.Information,
        Message = "Started with {Signals} ignored (by nohup or a shell's background job); handling them all the same")]
    private static partial void LogSignalsRestored(ILogger logger, IReadOnlyList<string> signals);

    [LoggerMessage(EventId = 31, EventName = "received-signal", Level = LogLevel.Information,
        Message = "Received {Signal}; unregistering and stopping")]
    private static partial void LogStopping(ILogger logger, PosixSignal signal);
}
