using System.Diagnostics;
using System.Net;
using System.Text;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests.Infrastructure;

/// <summary>
/// The router as operators run it: <c>dotnet Router.dll --config FILE</c> (or the published executable named by
/// <see cref="PublishedRouterVariable"/>) in its own process, with a generated
/// <c>router.yaml</c> in a temporary directory, free loopback ports, and its output kept for failure messages.
/// Disposing kills the process if it is still running, whatever state the test left it in.
/// </summary>
public sealed partial class RouterProcess : IAsyncDisposable
{
    /// <summary>Written in <see cref="RouterProcessOptions.ExtraYaml"/>, replaced by the temporary directory's path.</summary>
    public const string DirectoryToken = "{{dir}}";

    /// <summary>The <c>status.user</c> the generated file sets.</summary>
    public const string StatusUser = "router-status";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Names a published router executable to test instead of the <c>Router.dll</c> built with the tests.</summary>
    public const string PublishedRouterVariable = "PUBLISHED_ROUTER";

    private static readonly string RouterDll = Path.Combine(AppContext.BaseDirectory, "Router.dll");

    private readonly RouterProcessOptions _options;
    private readonly ITestOutputHelper? _testOutput;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _combined = new();
    private Process? _process;
    private Stopwatch? _launched;

    private RouterProcess(RouterProcessOptions options, ITestOutputHelper? testOutput)
    {
        _options = options;
        _testOutput = testOutput;
        DirectoryPath = Directory.CreateTempSubdirectory("router-process-").FullName;
        ConfigPath = Path.Combine(DirectoryPath, "router.yaml");
        ProxyPort = FreePort.Next();
        StatusPort = FreePort.Next();
        RoutesPort = FreePort.Next();
        MetricsPort = FreePort.Next();
    }

    /// <summary>Temporary directory holding the configuration file (and whatever the test puts there); deleted on dispose.</summary>
    public string DirectoryPath { get; }

    public string ConfigPath { get; }

    /// <summary>Proxy port written into the generated file.</summary>
    public int ProxyPort { get; }

    public int StatusPort { get; }

    public int RoutesPort { get; }

    public int MetricsPort { get; }

    /// <summary>The <c>status.pass</c> the generated file sets.</summary>
    public string StatusPass => _options.StatusPass;

    public int ProcessId => Started.Id;

    public bool HasExited => Started.HasExited;

    /// <summary>Time since the process was started.</summary>
    public TimeSpan SinceLaunch => (_launched ?? throw new InvalidOperationException("The router process was not started.")).Elapsed;

    /// <summary>Standard output so far.</summary>
    public string StandardOutput => Read(_stdout);

    /// <summary>Standard error so far.</summary>
    public string StandardError => Read(_stderr);

    /// <summary>Both streams interleaved in arrival order, for assertion messages.</summary>
    public string Output => Read(_combined);

    private Process Started => _process ?? throw new InvalidOperationException("The router process was not started.");

    /// <summary>Writes the configuration, starts the router and, unless told otherwise, waits until <c>/health</c> answers 200.</summary>
    public static async Task<RouterProcess> StartAsync(RouterProcessOptions options, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var router = new RouterProcess(options, output);
        try
        {
            await File.WriteAllTextAsync(router.ConfigPath, router.BuildConfig());
            router.Launch();
            if (options.WaitUntilHealthy)
            {
                await router.WaitUntilHealthyAsync();
            }

            return router;
        }
        catch
        {
            await router.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>Router --health-check URL</c> (the container health check) and returns its exit code.</summary>
    public static async Task<int> RunHealthCheckAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return (await RunToExitAsync("--health-check", url.ToString())).ExitCode;
    }

    /// <summary>Runs the router with <paramref name="arguments"/> until it exits; its exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunToExitAsync(params string[] arguments)
    {
        var startInfo = RouterStartInfo(ignoreSignals: false, arguments);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("The router did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"Router {string.Join(' ', arguments)} did not exit within {StartTimeout}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Waits until <c>/health</c> answers 200; fails at once, with the router's output, if the process exits.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        try
        {
            await Eventually.Until("the router's /health answers 200", async () =>
            {
                ThrowIfExited("while starting");
                return await GetHealthStatusAsync() == HttpStatusCode.OK;
            }, StartTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nRouter output:\n{Output}", ex);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a Linux signal number, see <see cref="Signals"/>) to the router.</summary>
    public void SendSignal(int signal) => Signals.Send(ProcessId, signal);

    /// <summary>Waits for the process to exit and returns its exit code; fails with the router's output on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var process = Started;
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            // Also waits for the redirected streams to reach their end, so Output is complete afterwards.
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The router did not exit within {timeout.TotalSeconds:0.#} s.\nRouter output:\n{Output}");
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                using var cancellation = new CancellationTokenSource(KillTimeout);
                await process.WaitForExitAsync(cancellation.Token);
            }
            catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
            {
                // Already gone, or not reaped in time; nothing more a test can do about it.
            }
            finally
            {
                process.Dispose();
            }
        }

        WriteOutputToTest();
        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a dying process; the temporary directory is cleaned by the system.
        }
    }

    private void ThrowIfExited(string when)
    {
        if (HasExited)
        {
            throw new InvalidOperationException($"The router exited with code {Started.ExitCode} {when}.\nRouter output:\n{Output}");
        }
    }

    private void Keep(StringBuilder stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_combined)
        {
            stream.AppendLine(line);
            _combined.AppendLine(line);
        }
    }

    private string Read(StringBuilder stream)
    {
        lock (_combined)
        {
            return stream.ToString();
        }
    }

    private void WriteOutputToTest()
    {
        if (_testOutput is null)
        {
            return;
        }

        try
        {
            _testOutput.WriteLine($"--- router output ({ConfigPath}) ---\n{Output}");
        }
        catch (InvalidOperationException)
        {
            // The test has already finished; its output is closed.
        }
    }
}
