using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Router.Testing;

/// <summary>How <see cref="RsyslogProcess"/> listens.</summary>
public enum SyslogListener
{
    /// <summary>imudp (RFC 5426).</summary>
    Udp,

    /// <summary>imtcp, plain (RFC 6587).</summary>
    Tcp,

    /// <summary>imtcp with the OpenSSL network stream driver (RFC 5425); needs certificate files.</summary>
    Tls,
}

/// <summary>One message as rsyslog parsed it (RFC 5424 fields); <see cref="Message"/> keeps a leading byte-order mark.</summary>
public sealed record SyslogEntry(
    int Priority, string Version, string Timestamp, string HostName, string AppName, string ProcId, string MsgId,
    string StructuredData, string Message);

/// <summary>
/// Debian's <c>rsyslogd</c> run in the foreground as the current user, on 127.0.0.1 and a free port, with a config
/// written for the test: it receives over UDP, TCP or TLS and writes each message's RFC 5424 fields to a file the
/// test reads back. It can be stopped and started again on the same port. Readiness is a TCP port that accepts:
/// the listener itself, or a plain imtcp probe for UDP.
/// </summary>
public sealed class RsyslogProcess : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/rsyslogd";
    private const char Separator = '|';
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly SyslogListener _listener;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <param name="listener">Transport to listen on.</param>
    /// <param name="tls">PEM files for <see cref="SyslogListener.Tls"/>: the CA, the server certificate and its key.</param>
    public RsyslogProcess(SyslogListener listener, (string CaFile, string CertificateFile, string KeyFile)? tls = null)
    {
        if (listener == SyslogListener.Tls && tls is null)
        {
            throw new ArgumentException("TLS needs certificate files.", nameof(tls));
        }

        _listener = listener;
        _directory = Directory.CreateTempSubdirectory("rsyslog-test-").FullName;
        Port = FreePort.Next();
        ProbePort = listener == SyslogListener.Udp ? FreePort.Next() : Port;
        File.WriteAllText(ConfigPath, Config(tls));
    }

    public int Port { get; }

    /// <summary>The TCP port that tells rsyslog is up.</summary>
    public int ProbePort { get; }

    /// <summary><c>127.0.0.1:PORT</c>, for <c>logging.syslog_addr</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    private string ConfigPath => Path.Combine(_directory, "rsyslog.conf");

    private string OutputPath => Path.Combine(_directory, "received.log");

    public static async Task<RsyslogProcess> StartNewAsync(
        SyslogListener listener, (string CaFile, string CertificateFile, string KeyFile)? tls = null)
    {
        var server = new RsyslogProcess(listener, tls);
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

    /// <summary>Starts rsyslogd (again, on the same port) and returns once it accepts TCP connections.</summary>
    public async Task StartAsync()
    {
        var process = ChildProcess.Start(Binary, ["-n", "-f", ConfigPath, "-i", Path.Combine(_directory, "rsyslogd.pid")], Keep);
        _process = process;

        var started = Stopwatch.StartNew();
        while (!await FreePort.AcceptsConnectionsAsync(ProbePort))
        {
            if (process.HasExited || started.Elapsed > StartTimeout)
            {
                await StopAsync();
                throw new InvalidOperationException($"rsyslogd did not start on port {ProbePort}:\n{Output()}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Kills rsyslogd and waits for it to exit; the port is then closed.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        await ChildProcess.KillAsync(process, TimeSpan.FromSeconds(10));
    }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<SyslogEntry> Received()
    {
        if (!File.Exists(OutputPath))
        {
            return [];
        }

        using var stream = new FileStream(OutputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        var entries = new List<SyslogEntry>();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(Separator, 9);
            if (f.Length == 9)
            {
                entries.Add(new SyslogEntry(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]));
            }
        }

        return entries;
    }

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // rsyslogd may still hold a file for a moment; the temporary directory is left behind then.
        }
    }

    private string Config((string CaFile, string CertificateFile, string KeyFile)? tls)
    {
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"global(workDirectory=\"{_directory}\" maxMessageSize=\"256k\"")
            .AppendLine(tls is { } files
                ? $"  defaultNetstreamDriverCAFile=\"{files.CaFile}\" defaultNetstreamDriverCertFile=\"{files.CertificateFile}\" defaultNetstreamDriverKeyFile=\"{files.KeyFile}\")"
                : ")")
            .AppendLine(CultureInfo.InvariantCulture, $"template(name=\"fields\" type=\"string\" string=\"%pri%{Separator}%protocol-version%{Separator}%timereported:::date-rfc3339%{Separator}%hostname%{Separator}%app-name%{Separator}%procid%{Separator}%msgid%{Separator}%structured-data%{Separator}%msg%\\n\")");
        switch (_listener)
        {
            case SyslogListener.Udp:
                config.AppendLine("module(load=\"imudp\")").AppendLine("module(load=\"imtcp\")")
                    .AppendLine(CultureInfo.InvariantCulture, $"input(type=\"imudp\" address=\"127.0.0.1\" port=\"{Port}\")")
                    .AppendLine(CultureInfo.InvariantCulture, $"input(type=\"imtcp\" address=\"127.0.0.1\" port=\"{ProbePort}\")");
                break;
            case SyslogListener.Tcp:
                config.AppendLine("module(load=\"imtcp\")")
                    .AppendLine(CultureInfo.InvariantCulture, $"input(type=\"imtcp\" address=\"127.0.0.1\" port=\"{Port}\")");
                break;
            case SyslogListener.Tls:
                config.AppendLine("module(load=\"imtcp\" streamDriver.name=\"ossl\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\")")
                    .AppendLine(CultureInfo.InvariantCulture, $"input(type=\"imtcp\" address=\"127.0.0.1\" port=\"{Port}\")");
                break;
        }

        return config
            .AppendLine(CultureInfo.InvariantCulture, $"action(type=\"omfile\" file=\"{OutputPath}\" template=\"fields\")")
            .ToString();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
