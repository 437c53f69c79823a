using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Router.Testing;

/// <summary>
/// <c>openssl s_server -www</c> on 127.0.0.1 and a free port: a TLS server that, like an Envoy sidecar and unlike
/// Kestrel, refuses a missing client certificate with a TLS alert (<c>certificate required</c> in TLS 1.3,
/// <c>handshake failure</c> in TLS 1.2) rather than by closing the connection.
/// </summary>
public sealed class OpenSslServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private OpenSslServerProcess(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Starts a server presenting <paramref name="certificate"/> that requires a client certificate from
    /// <paramref name="clientCa"/>, speaking only <paramref name="tlsVersion"/> (<c>tls1_2</c> or <c>tls1_3</c>).
    /// </summary>
    public static Task<OpenSslServerProcess> StartRequiringClientCertificateAsync(
        X509Certificate2 certificate, X509Certificate2 clientCa, string tlsVersion) =>
        StartAsync(certificate, clientCa, tlsVersion);

    /// <summary>
    /// Starts a server presenting <paramref name="certificate"/>, speaking only <paramref name="tlsVersion"/>, that
    /// requires a client certificate from <paramref name="clientCa"/> unless it is null.
    /// </summary>
    public static async Task<OpenSslServerProcess> StartAsync(X509Certificate2 certificate, X509Certificate2? clientCa, string tlsVersion)
    {
        var directory = Directory.CreateTempSubdirectory("openssl-server-").FullName;
        var certFile = Path.Combine(directory, "cert.pem");
        var keyFile = Path.Combine(directory, "key.pem");
        var caFile = Path.Combine(directory, "ca.pem");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, TlsYaml.PrivateKeyPem(certificate));
        if (clientCa is not null)
        {
            await File.WriteAllTextAsync(caFile, clientCa.ExportCertificatePem());
        }

        var port = FreePort.Next();
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        string[] verify = clientCa is null ? [] : ["-CAfile", caFile, "-Verify", "1"];
        foreach (var argument in (string[])
        [
            "s_server", "-accept", $"127.0.0.1:{port}", "-cert", certFile, "-key", keyFile, .. verify, "-www", "-" + tlsVersion,
        ])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OpenSslServerProcess(process, directory, port);
        await Eventually.Until($"openssl s_server listening on {port}", async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"openssl s_server exited with {process.ExitCode}");
            }

            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        });
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
