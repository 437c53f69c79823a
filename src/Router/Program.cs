using System.Collections;
using System.Runtime.InteropServices;
using Conventions;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Router.Configuration;
using Router.Hosting;

namespace Router;

/// <summary>Entry point: <c>Router [--config PATH]</c>, default <c>./router.yaml</c>; <c>Router --help</c> prints the usage.</summary>
internal static partial class Program
{
    /// <summary>Linux signal number of SIGUSR1, Gorouter's drain signal.</summary>
    private const int SigUsr1 = 10;

    private const string Usage = """
        usage: Router [--config PATH]    run the router with PATH as configuration (default ./router.yaml)
               Router --health-check URL exit 0 when URL answers 200 (for container health checks), else 1
               Router --help             print this text
        Configuration keys and ROUTER_* environment overrides: docs/configuration.md.

        """;

    public static async Task<int> Main(string[] args)
    {
        InlineSocketCompletions.EnableUnlessConfigured();
        if (args is ["--health-check", var url])
        {
            return await HealthCheckAsync(url);
        }

        if (args is ["--help" or "-h"])
        {
            await Console.Out.WriteAsync(Usage);
            return 0;
        }

        if (!TryParseArguments(args, out var configPath))
        {
            await Console.Error.WriteAsync(Usage);
            return 2;
        }

        RouterConfigResult config;
        try
        {
            config = RouterConfigLoader.Load(configPath, (IDictionary)Environment.GetEnvironmentVariables());
        }
        catch (RouterConfigException ex)
        {
            await Console.Error.WriteLineAsync($"Error loading config {Path.GetFullPath(configPath)}:");
            foreach (var error in ex.Errors)
            {
                await Console.Error.WriteLineAsync($"  {error}");
            }

            return 1;
        }

        await using var host = new RouterHost(config.Options);
        var logger = host.LoggerFactory.CreateLogger("Router");
        foreach (var warning in config.Warnings)
        {
            LogConfigWarning(logger, warning);
        }

        // SIGHUP reloads router.yaml (docs/operations.md "Reloading the configuration"); the access log also reopens
        // its file on SIGHUP through a registration of its own, for logrotate.
        var reloader = host.EnableReload(configPath, config, static () => Environment.GetEnvironmentVariables());

        // Signals inherited as ignored (nohup, a shell's background job) are handled all the same, as by Gorouter.
        var restored = InheritedSignals.RestoreDefaults(
            InheritedSignals.Hangup, InheritedSignals.Interrupt, InheritedSignals.User1, InheritedSignals.Terminate);
        if (restored.Count > 0)
        {
            LogSignalsRestored(logger, restored);
        }

        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            reloader.Request();
        });

        using var stop = new CancellationTokenSource();
        var stopping = 0;

        // The first of SIGUSR1 (drain), SIGTERM or SIGINT (stop, letting requests in flight finish) decides how the
        // router ends; later signals are logged and ignored, as Gorouter does.
        void OnSignal(PosixSignalContext context, Func<Task> action)
        {
            context.Cancel = true;
            if (Interlocked.Exchange(ref stopping, 1) != 0)
            {
                LogSignalIgnored(logger, context.Signal == (PosixSignal)SigUsr1 ? "SIGUSR1" : context.Signal.ToString());
                return;
            }

            _ = action();
        }

        using var drain = PosixSignalRegistration.Create((PosixSignal)SigUsr1, c => OnSignal(c, () => host.DrainAsync(config.Options.DrainWait)));

        // A container runtime stops with SIGTERM: stop accepting and let requests in flight finish.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, host.StopAsync));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, host.StopAsync));

        try
        {
            WritePidFile(config.Options.PidFile);
            await host.StartAsync(stop.Token);
        }
        catch (NatsException ex)
        {
            LogNatsUnreachable(logger, ex.Message);
            return 1;
        }
        catch (IOException ex)
        {
            LogStartFailed(logger, ex);
            return 1;
        }

        await host.Stopped;
        LogExited(logger);
        return 0;
    }

    /// <summary>Container images carry no curl: the router binary checks its own health endpoint.</summary>
    private static async Task<int> HealthCheckAsync(string url)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static bool TryParseArguments(string[] args, out string configPath)
    {
        configPath = "router.yaml";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config" or "-c" when i + 1 < args.Length:
                    configPath = args[++i];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static void WritePidFile(string path)
    {
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllText(path, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [LoggerMessage(EventId = 10, EventName = "config-warning", Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogConfigWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 11, EventName = "nats-connection-error", Level = LogLevel.Critical,
        Message = "Could not connect to NATS: {Reason}. The router does not serve without its route source: start nats-server or correct nats.hosts, then start the router again")]
    private static partial void LogNatsUnreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 12, EventName = "start-failed", Level = LogLevel.Critical, Message = "Router failed to start")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 14, EventName = "signal-ignored", Level = LogLevel.Information,
        Message = "Signal {Signal} ignored: the router is already stopping")]
    private static partial void LogSignalIgnored(ILogger logger, string signal);

    [LoggerMessage(EventId = 15, EventName = "signals-restored", Level = LogLevel.Information,
        Message = "The router was started with {Signals} ignored (by nohup or a shell's background job); it handles them all the same")]
    private static partial void LogSignalsRestored(ILogger logger, IReadOnlyList<string> signals);

    [LoggerMessage(EventId = 13, EventName = "gorouter.exited", Level = LogLevel.Information, Message = "Router stopped")]
    private static partial void LogExited(ILogger logger);
}
