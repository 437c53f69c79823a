using System.Diagnostics;

namespace Router.Testing;

/// <summary>
/// A real <c>nats-server</c> on 127.0.0.1 and a free port, for tests. It can be stopped and started again on the
/// same port to simulate an outage. Output is kept (last lines) for failure messages.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 50;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _binary;
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly Queue<string> _output = new();
    private Process? _process;
    private bool _startedOnce;

    /// <summary>Picks a free port; call <see cref="StartAsync"/> to run the server.</summary>
    /// <param name="extraArguments">More nats-server arguments, e.g. <c>--user u --pass p</c>.</param>
    public NatsServerProcess(params string[] extraArguments)
    {
        _binary = FindBinary();
        _extraArguments = extraArguments;
        Port = FreePort.Next();
    }

    public int Port { get; private set; }

    /// <summary><c>nats://127.0.0.1:PORT</c>.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    public Uri Uri => new(Url);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Creates and starts a server.</summary>
    public static async Task<NatsServerProcess> StartNewAsync(params string[] extraArguments)
    {
        var server = new NatsServerProcess(extraArguments);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the server (again, after <see cref="StopAsync"/>, on the same port) and returns once its port accepts
    /// TCP connections.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("nats-server is already running.");
        }

        // Another process may take the free port before the first start; then pick another. A restart must keep
        // its port, so it gets no second chance.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync(cancellationToken);
                _startedOnce = true;
                return;
            }
            catch (PortInUseException) when (!_startedOnce && attempt < 3)
            {
                Port = FreePort.Next();
            }
        }
    }

    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        lock (_output)
        {
            _output.Clear();
        }

        var process = ChildProcess.Start(
            _binary, ["-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. _extraArguments], Keep);
        _process = process;

        var started = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync(cancellationToken))
        {
            if (process.HasExited)
            {
                var output = Output();
                if (output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    _process = null;
                    process.Dispose();
                    throw new PortInUseException($"Port {Port} is taken:\n{output}");
                }

                throw new InvalidOperationException(
                    $"nats-server exited with code {process.ExitCode} while starting on port {Port}:\n{Output()}");
            }

            if (started.Elapsed > StartTimeout)
            {
                await StopAsync();
                throw new TimeoutException($"nats-server did not accept connections on port {Port} within {StartTimeout}:\n{Output()}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Kills the server and waits for it to exit; the port is then closed.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        await ChildProcess.KillAsync(process, StopTimeout);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>The server's last output lines, for assertion messages.</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }

    private Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken) => FreePort.AcceptsConnectionsAsync(Port, cancellationToken);

    private static string FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "nats-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string Debian = "/usr/sbin/nats-server";
        if (File.Exists(Debian))
        {
            return Debian;
        }

        throw new InvalidOperationException(
            "nats-server was not found on PATH or at /usr/sbin/nats-server. Install the Debian package nats-server " +
            "(apt-get install nats-server) to run the NATS tests.");
    }

    private sealed class PortInUseException(string message) : Exception(message);
}
