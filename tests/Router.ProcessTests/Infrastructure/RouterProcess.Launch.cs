using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Router.ProcessTests.Infrastructure;

/// <summary>Writing the configuration file and starting the process.</summary>
public sealed partial class RouterProcess
{
    private void Launch()
    {
        var startInfo = RouterStartInfo(_options.StartWithSignalsIgnored, "--config", ConfigPath);
        startInfo.WorkingDirectory = DirectoryPath;

        // The test runner's own ROUTER_* variables, if any, must not leak into the configuration under test.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("ROUTER_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in _options.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Keep(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(_stderr, e.Data);
        process.Start();
        _launched = Stopwatch.StartNew();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private string BuildConfig()
    {
        if (_options.ConfigYaml is { } whole)
        {
            return whole.Replace(DirectoryToken, DirectoryPath, StringComparison.Ordinal);
        }

        var natsPort = _options.Nats?.Port ?? _options.NatsPort
            ?? throw new InvalidOperationException("Either a NATS server or a NATS port is needed.");
        var yaml = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port: {ProxyPort}")
            .AppendLine("bind_address: 127.0.0.1")
            .AppendLine("status:")
            .AppendLine("  host: 127.0.0.1")
            .AppendLine(CultureInfo.InvariantCulture, $"  port: {StatusPort}")
            .AppendLine(CultureInfo.InvariantCulture, $"  user: {StatusUser}")
            .AppendLine(CultureInfo.InvariantCulture, $"  pass: {_options.StatusPass}")
            .AppendLine("  routes:")
            .AppendLine(CultureInfo.InvariantCulture, $"    port: {RoutesPort}")
            .AppendLine("prometheus:")
            .AppendLine("  enabled: true")
            .AppendLine("  host: 127.0.0.1")
            .AppendLine(CultureInfo.InvariantCulture, $"  port: {MetricsPort}")
            .AppendLine("nats:")
            .AppendLine("  hosts:")
            .AppendLine("  - hostname: 127.0.0.1")
            .AppendLine(CultureInfo.InvariantCulture, $"    port: {natsPort}")
            .AppendLine(CultureInfo.InvariantCulture, $"  warm_up: {(_options.WarmUp ? "true" : "false")}")
            .AppendLine(CultureInfo.InvariantCulture, $"start_response_delay_interval: {Duration(_options.StartResponseDelay)}")
            .AppendLine(CultureInfo.InvariantCulture, $"drain_wait: {Duration(_options.DrainWait)}")
            .AppendLine(CultureInfo.InvariantCulture, $"drain_timeout: {Duration(_options.DrainTimeout)}")
            .AppendLine(_options.ExtraYaml.Replace(DirectoryToken, DirectoryPath, StringComparison.Ordinal));
        return yaml.ToString();
    }

    private static string Duration(TimeSpan value) => $"{(long)value.TotalMilliseconds}ms";

    /// <summary>
    /// Starts the router with <paramref name="arguments"/>, output redirected: the executable named by
    /// <see cref="PublishedRouterVariable"/> when it is set (the published, self-contained build that ships), else
    /// <c>dotnet Router.dll</c> from the test's output. With <paramref name="ignoreSignals"/> the router starts with
    /// SIGHUP, SIGINT, SIGTERM and SIGUSR1 ignored, as under <c>nohup</c> or as a shell's background job.
    /// </summary>
    private static ProcessStartInfo RouterStartInfo(bool ignoreSignals, params string[] arguments)
    {
        var published = Environment.GetEnvironmentVariable(PublishedRouterVariable);
        if (!string.IsNullOrEmpty(published) && !File.Exists(published))
        {
            throw new InvalidOperationException($"{PublishedRouterVariable} names '{published}', which does not exist.");
        }

        string[] command = string.IsNullOrEmpty(published) ? [DotnetHost(), RouterDll] : [Path.GetFullPath(published)];
        var startInfo = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // A child inherits ignored signals: the shell sets them to ignored and replaces itself with the router.
        if (ignoreSignals)
        {
            startInfo.FileName = "/bin/sh";
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("trap '' HUP INT TERM USR1; exec \"$@\"");
            startInfo.ArgumentList.Add("sh");
            startInfo.ArgumentList.Add(command[0]);
        }

        foreach (var argument in command.Skip(1).Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <summary>The <c>dotnet</c> host that runs this test, so the router runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
